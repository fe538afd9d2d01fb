/**
 * A schedule period passing, as the function sees it: its runs a second apart would be duplicates of one tick, so
 * the time its miss counters were last counted (pending.json's TimeStamp) is moved back by a period instead.
 */
import { DEFAULTS } from "../../functions/target-sync/contract";
import { stateKeys } from "../../functions/target-sync/state-format";
import { ALB_DNS_NAME } from "../loopback-aws";
import type { FakeS3 } from "../loopback-aws/s3-server";

export async function letSchedulePeriodPass(
  s3: FakeS3,
  targetGroupArns: readonly string[],
  periodSeconds: number = DEFAULTS.schedulePeriodSeconds,
): Promise<void> {
  for (const arn of targetGroupArns) {
    const key = stateKeys(arn, ALB_DNS_NAME).pending;
    const body = await s3.getObject(key);
    if (body === undefined) continue;
    const file = JSON.parse(body) as { TimeStamp: string };
    const earlier = new Date(Date.parse(file.TimeStamp) - periodSeconds * 1000).toISOString();
    await s3.putObject(key, JSON.stringify({ ...file, TimeStamp: earlier }));
  }
}

/** The target group ARNs of a function environment (`TARGET_GROUPS`, or the original's `NLB_TG_ARN`). */
export function targetGroupArnsOf(env: Readonly<Record<string, string>>): string[] {
  if (env.TARGET_GROUPS) return (JSON.parse(env.TARGET_GROUPS) as { arn: string }[]).map((group) => group.arn);
  return env.NLB_TG_ARN ? [env.NLB_TG_ARN] : [];
}
