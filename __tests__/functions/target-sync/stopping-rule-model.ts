/**
 * The exact behaviour of a stopping rule under Route 53's model of an ALB with N IPs: every answer holds
 * min(N, 8) of them, drawn uniformly without replacement. A forward dynamic program over (IPs seen, answers since
 * the last new IP) gives the probability that discovery stops before it has seen all N, and the mean queries.
 */
import { MAX_RECORDS_PER_ANSWER, type StoppingRule } from "../../../functions/target-sync/stopping-rules";

/**
 * The original function's rule: an answer with fewer than 8 records held every IP, so stop; otherwise keep asking
 * until the lookup cap. (For an ALB with 8 or more IPs it never fires.)
 */
export const originalStoppingRule: StoppingRule = {
  answersStillNeeded: (progress) => (progress.smallestAnswer < MAX_RECORDS_PER_ANSWER ? 0 : Infinity),
};

export interface RuleModel {
  /** Probability that a run ends (rule or cap) without every IP. */
  readonly missProbability: number;
  readonly meanQueries: number;
  /** Probability that the cap, not the rule, ended the run. */
  readonly capProbability: number;
}

function logChoose(n: number, k: number): number {
  if (k < 0 || k > n) return -Infinity;
  let sum = 0;
  for (let i = 1; i <= k; i++) sum += Math.log(n - k + i) - Math.log(i);
  return sum;
}

export function modelStoppingRule(rule: StoppingRule, n: number, cap: number): RuleModel {
  const size = Math.min(n, MAX_RECORDS_PER_ANSWER);
  // newIps[u][j]: probability that an answer brings j new IPs when u of n have been seen (hypergeometric).
  const newIps = Array.from({ length: n + 1 }, (_, u) =>
    Array.from({ length: size + 1 }, (_, j) =>
      Math.exp(logChoose(n - u, j) + logChoose(u, size - j) - logChoose(n, size)),
    ),
  );
  const width = cap + 1;
  // The rule's verdict per (IPs seen, answers since a new one); the rules here do not look at the query count.
  const verdicts = new Int8Array((n + 1) * width).fill(-1);
  const stops = (ipsSeen: number, answersSinceNewIp: number) => {
    const index = ipsSeen * width + answersSinceNewIp;
    if (verdicts[index] === -1) {
      verdicts[index] =
        rule.answersStillNeeded({ queries: 1, ipsSeen, answersSinceNewIp, smallestAnswer: size }) === 0 ? 1 : 0;
    }
    return verdicts[index] === 1;
  };
  // Two buffers, swapped each step; entries are zeroed as they are read, so nothing is allocated per step.
  let mass = new Float64Array((n + 1) * width);
  let next = new Float64Array((n + 1) * width);
  mass[0] = 1;
  // Live states only: the highest "answers since a new IP" holding mass, per number of IPs seen.
  let top = new Int32Array(n + 1).fill(-1);
  top[0] = 0;
  let missProbability = 0;
  let meanQueries = 0;
  let capProbability = 0;
  let remaining = 1;
  for (let query = 1; query <= cap && remaining > 1e-15; query++) {
    const nextTop = new Int32Array(n + 1).fill(-1);
    remaining = 0;
    for (let seen = 0; seen <= n; seen++) {
      for (let silent = 0; silent <= top[seen]; silent++) {
        const p = mass[seen * width + silent];
        if (p === 0) continue;
        mass[seen * width + silent] = 0;
        for (let fresh = 0; fresh <= size; fresh++) {
          const q = p * newIps[seen][fresh];
          if (q === 0) continue;
          const ipsSeen = seen + fresh;
          const answersSinceNewIp = fresh > 0 ? 0 : silent + 1;
          const stop = stops(ipsSeen, answersSinceNewIp);
          if (stop || query === cap) {
            meanQueries += q * query;
            if (ipsSeen < n) missProbability += q;
            if (!stop) capProbability += q;
          } else {
            next[ipsSeen * width + answersSinceNewIp] += q;
            nextTop[ipsSeen] = Math.max(nextTop[ipsSeen], answersSinceNewIp);
            remaining += q;
          }
        }
      }
    }
    [mass, next] = [next, mass];
    top = nextTop;
  }
  return { missProbability, meanQueries, capProbability };
}
