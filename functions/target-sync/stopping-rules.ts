/**
 * When to stop asking DNS for more of the ALB's IPs. Route 53 answers with at most 8 of an ALB's IPs, so an ALB
 * with more has to be asked repeatedly and the answers united.
 */

export interface DiscoveryProgress {
  /** Answers received so far. */
  readonly queries: number;
  /** Distinct IPs seen so far. */
  readonly union: number;
  /** Answers in a row, up to now, that brought no IP not seen before. */
  readonly answersSinceNewIp: number;
  /** The fewest records in any one answer so far. */
  readonly smallestAnswer: number;
}

export interface StoppingRule {
  shouldStop(progress: DiscoveryProgress): boolean;
}

/** Route 53 puts at most this many records in one answer. */
export const MAX_RECORDS_PER_ANSWER = 8;

/**
 * The original function's rule: an answer with fewer than 8 records held every IP, so stop; otherwise keep asking
 * until the lookup cap. (For an ALB with 8 or more IPs it never fires.)
 */
export const originalStoppingRule: StoppingRule = {
  shouldStop: (progress) => progress.smallestAnswer < MAX_RECORDS_PER_ANSWER,
};
