/**
 * When each loopback server received and answered each request, so that the bench can count a run's sequential
 * round trips: with every answer delayed (`latencyMs`), requests sent together overlap and requests sent one after
 * another do not.
 */
export interface TimedRequest {
  readonly service: "dns" | "s3" | "elb";
  /** The DNS query type, the S3 method, or the ELBv2 action. */
  readonly action: string;
  /** `performance.now()` when the request arrived and when its answer left. */
  readonly receivedAt: number;
  readonly answeredAt: number;
}

/**
 * The longest chain of requests each received after the previous one was answered: the round trips a client had
 * to wait for one after another.
 */
export function sequentialRoundTrips(requests: readonly TimedRequest[]): number {
  const byAnswer = [...requests].sort((a, b) => a.answeredAt - b.answeredAt);
  const chain: number[] = [];
  for (const [index, request] of byAnswer.entries()) {
    let longestBefore = 0;
    for (let earlier = 0; earlier < index; earlier++) {
      if (byAnswer[earlier].answeredAt <= request.receivedAt) longestBefore = Math.max(longestBefore, chain[earlier]);
    }
    chain.push(1 + longestBefore);
  }
  return Math.max(0, ...chain);
}

/** Waits `ms`; with none asked, not even a timer's turn, so that the fakes answer as fast as they did without it. */
export const delay = (ms: number): Promise<void> =>
  ms > 0 ? new Promise<void>((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
