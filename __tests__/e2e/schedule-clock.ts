/**
 * A schedule period passing, as the function sees it: its runs a second apart would be duplicates of one tick, so
 * the time its miss counters were last counted (pending.json's TimeStamp) is moved back by a period instead.
 */
import { DEFAULTS } from "../../functions/target-sync/contract";
import { stateKeys } from "../../functions/target-sync/state-format";
import { ALB_DNS_NAME, type LoopbackAws } from "../loopback-aws";
import type { FakeS3 } from "../loopback-aws/s3-server";
import type { Invocation } from "./invoke-bundle";

/** A target group's state: its ARN, under its ALB's name (the loopback ALB's when only the ARN is given). */
export type StateOwner = string | { readonly arn: string; readonly albDnsName: string };

export async function letSchedulePeriodPass(
  s3: FakeS3,
  owners: readonly StateOwner[],
  periodSeconds: number = DEFAULTS.schedulePeriodSeconds,
): Promise<void> {
  for (const owner of owners) {
    const key =
      typeof owner === "string"
        ? stateKeys(owner, ALB_DNS_NAME).pending
        : stateKeys(owner.arn, owner.albDnsName).pending;
    const body = await s3.getObject(key);
    if (body === undefined) continue;
    const file = JSON.parse(body) as { TimeStamp: string };
    const earlier = new Date(Date.parse(file.TimeStamp) - periodSeconds * 1000).toISOString();
    await s3.putObject(key, JSON.stringify({ ...file, TimeStamp: earlier }));
  }
}

/**
 * The target groups of a function environment (`TARGET_GROUPS`, or the original's `NLB_TG_ARN`), each under its
 * ALB's name (a group's own, else `ALB_DNS_NAME`).
 */
export function stateOwnersOf(env: Readonly<Record<string, string>>): StateOwner[] {
  if (env.TARGET_GROUPS) {
    return (JSON.parse(env.TARGET_GROUPS) as { arn: string; albDnsName?: string }[]).map((group) => ({
      arn: group.arn,
      albDnsName: group.albDnsName ?? env.ALB_DNS_NAME,
    }));
  }
  return env.NLB_TG_ARN ? [env.NLB_TG_ARN] : [];
}

/**
 * Runs the function `runs` times with the same environment, each a schedule period after the last (not a duplicate
 * of it), letting targets settle in between.
 */
export async function runPeriodsApart(
  aws: LoopbackAws,
  invoke: (env: Record<string, string>) => Promise<Invocation>,
  runs: number,
  env: Record<string, string>,
): Promise<Invocation[]> {
  const invocations: Invocation[] = [];
  for (let i = 0; i < runs; i++) {
    await letSchedulePeriodPass(aws.s3, stateOwnersOf(env));
    invocations.push(await invoke(env));
    aws.elb.settle();
  }
  return invocations;
}
