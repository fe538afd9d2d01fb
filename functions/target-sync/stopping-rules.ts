/**
 * When to stop asking DNS for more of the ALB's IPs. Route 53 answers with at most 8 of an ALB's IPs, so an ALB
 * with more has to be asked repeatedly and the answers united.
 */

export interface DiscoveryProgress {
  /** Answers received so far. */
  readonly queries: number;
  /** Distinct IPs seen so far. */
  readonly ipsSeen: number;
  /** Answers in a row, up to now, that brought no IP not seen before. */
  readonly answersSinceNewIp: number;
  /** The fewest records in any one answer so far. */
  readonly smallestAnswer: number;
}

export interface StoppingRule {
  /** How many more answers the rule needs at least before it could stop; 0 means stop now. */
  answersStillNeeded(progress: DiscoveryProgress): number;
}

/** Route 53 puts at most this many records in one answer. */
export const MAX_RECORDS_PER_ANSWER = 8;

/**
 * Per-run probability of missing an IP that the adaptive rule is built for. The bound below is per "phase" (the
 * stretch after the set of IPs seen last grew), and a run can stop wrongly in the phase with one IP unseen (≤ ε), two
 * unseen (≲ ε²), and so on: ε/(1 − ε) in all. ε = 0.0009 keeps that under 0.1%.
 */
const MISS_PROBABILITY_PER_PHASE = 0.0009;

/**
 * The adaptive rule. After an answer of 8, with `u` distinct IPs seen, suppose at least one IP is still unseen.
 * Then N ≥ u + 1, and the chance that one answer (8 of N, uniformly) holds no unseen IP is largest with exactly
 * one unseen, N = u + 1:  C(u, 8) / C(u + 1, 8) = 1 − 8 / (u + 1).
 * So `m` answers in a row with nothing new happen with probability at most (1 − 8 / (u + 1))^m, and stopping once
 *
 *     m ≥ ln ε / ln(1 − 8 / (u + 1))
 *
 * keeps the chance of stopping with an IP unseen at ε. The numbers (ε = 0.0009):
 *
 *     u  =   8: m ≥   4      u =  64: m ≥  54      u = 200: m ≥ 173
 *     u  =  16: m ≥  12      u = 128: m ≥ 110
 *
 * An ALB of 8 IPs so costs 5 queries, one of 200 about 318 on average. The exact miss probability of this rule
 * (a dynamic program over Route 53's model, in the tests) stays under 0.1% for every N up to 200; it is 0.088%
 * at N = 200. An answer with fewer than 8 records held every IP, so it stops at once, as the original did.
 */
export function silentAnswersNeeded(ipsSeen: number): number {
  return Math.ceil(Math.log(MISS_PROBABILITY_PER_PHASE) / Math.log(1 - MAX_RECORDS_PER_ANSWER / (ipsSeen + 1)));
}

export const adaptiveStoppingRule: StoppingRule = {
  answersStillNeeded: (progress) =>
    progress.smallestAnswer < MAX_RECORDS_PER_ANSWER
      ? 0
      : Math.max(0, silentAnswersNeeded(progress.ipsSeen) - progress.answersSinceNewIp),
};
