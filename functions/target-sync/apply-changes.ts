/**
 * A target group's changes made in ELB: registrations and deregistrations at once, each whatever the other does, and
 * what was not done as one error.
 */
import type { TargetGroupSetting } from "./contract";
import { describeError } from "./describe-error";
import type { TargetChanges } from "./plan";
import type { TargetGroupApi } from "./ports";

export interface AppliedChanges {
  /** The IPs ELB took. */
  readonly registered: readonly string[];
  /** The IPs ELB refused, each with its error. */
  readonly refused: Readonly<Record<string, string>>;
  readonly deregistered: readonly string[];
  /** What was not done, with the failed call's error as its cause; undefined when every change was made. */
  readonly failure: TargetChangesError | undefined;
}

/**
 * Registers and deregisters at once, each whatever the other does, so that neither is lost to the other's failure.
 * Registering first would add no capacity before the deregistration: a new target takes its health checks before it
 * gets traffic.
 */
export async function applyChanges(
  group: TargetGroupSetting,
  plan: TargetChanges,
  targetGroups: TargetGroupApi,
  deadline: AbortSignal | undefined,
): Promise<AppliedChanges> {
  const [registration, deregistration] = await Promise.allSettled([
    targetGroups.register(group.arn, plan.register, group.port, deadline),
    targetGroups.deregister(group.arn, plan.deregister, group.port, deadline),
  ]);
  const refused = registration.status === "fulfilled" ? registration.value.refused : {};
  const problems: string[] = [];
  if (registration.status === "rejected") {
    problems.push(`RegisterTargets failed: ${describeError(registration.reason)}`);
  } else if (Object.keys(refused).length > 0) {
    problems.push(`ELB refused to register ${Object.keys(refused).join(", ")}`);
  }
  if (deregistration.status === "rejected") {
    problems.push(
      `DeregisterTargets failed, so its IPs stay due for the next run: ${describeError(deregistration.reason)}`,
    );
  }
  const cause = [registration, deregistration].find((call) => call.status === "rejected")?.reason;
  return {
    registered: registration.status === "fulfilled" ? plan.register.filter((ip) => !(ip in refused)) : [],
    refused,
    deregistered: deregistration.status === "fulfilled" ? plan.deregister : [],
    failure: problems.length > 0 ? new TargetChangesError(problems, cause) : undefined,
  };
}

/** Some of a target group's changes were not made: ELB refused IPs, or a call failed (the cause, if any). */
class TargetChangesError extends Error {
  constructor(problems: readonly string[], cause: unknown) {
    super(problems.join("; "), cause === undefined ? undefined : { cause });
    this.name = "TargetChangesError";
  }
}
