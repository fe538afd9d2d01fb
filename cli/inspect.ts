/**
 * What the function sees, and what its next run will do: the ALB's IPs found the way the function finds them, each
 * target group's targets and stored state, and the function's own plan over them. Reads only.
 */
import { albDnsNameOf, albsOf } from "../functions/target-sync/albs";
import { CallTimedOutError } from "../functions/target-sync/bounded-calls";
import type { TargetGroupSetting } from "../functions/target-sync/contract";
import { describeError } from "../functions/target-sync/describe-error";
import {
  changesAnything,
  compareIps,
  planTargetChanges,
  type RegisteredTarget,
  type TargetChanges,
} from "../functions/target-sync/plan";
import type {
  AlbIpDiscovery,
  AlbIpSources,
  LoadedState,
  StateStore,
  TargetGroupApi,
} from "../functions/target-sync/ports";

/** A call that failed, with the permission it needs, so that an operator knows what to grant or check. */
export class CallFailedError extends Error {
  constructor(call: string, permission: string, cause: unknown) {
    super(`${call} failed (needs ${permission}): ${describeError(cause)}`, { cause });
    this.name = "CallFailedError";
  }
}

export type Verdict = "in sync" | "will change" | "drifted" | "unhealthy targets";

export interface IpRow {
  readonly ip: string;
  readonly inDns: boolean;
  /** The target on the group's port, if registered. */
  readonly target: Pick<RegisteredTarget, "state" | "reason"> | undefined;
  /** Runs in a row it has been missing, as stored. */
  readonly misses: number | undefined;
  /** What the next run does with it. */
  readonly next: string;
}

export interface TargetGroupInspection {
  readonly arn: string;
  /** The ALB its targets are of. */
  readonly albDnsName: string;
  /** The ALB port its targets get. */
  readonly port: number;
  readonly rows: readonly IpRow[];
  readonly plan: TargetChanges;
  /** True when the next run would register, deregister or store anything new. */
  readonly changes: boolean;
  readonly verdict: Verdict;
  /** Why, in a sentence, when the verdict is not "in sync". */
  readonly detail: string | undefined;
  /** When the function last changed the group's state (ISO 8601), or undefined when it has never written it. */
  readonly stateChangedAt: string | undefined;
}

export interface AlbInspection {
  readonly albDnsName: string;
  readonly discovery: Pick<AlbIpDiscovery, "stats" | "warning"> & { readonly ipCount: number };
}

export interface Inspection {
  /** Each ALB the target groups are of, in the order they first name it. */
  readonly albs: readonly AlbInspection[];
  readonly targetGroups: readonly TargetGroupInspection[];
}

export interface InspectOptions {
  /** The stack's ALB, which every group that names none of its own is of. */
  readonly albDnsName: string;
  readonly targetGroups: readonly TargetGroupSetting[];
  readonly runsBeforeDeregistration: number;
  /** The schedule's period: a run within half of it of the last counted miss counts none. */
  readonly schedulePeriodSeconds: number;
  /** When the previewed run would start: now. */
  readonly now: Date;
  /** How the ALB's IPs are found, for error messages: "dns" or "eni". */
  readonly discoveryMode: "dns" | "eni";
  readonly stateBucket: string;
}

export interface InspectDependencies {
  readonly albIps: AlbIpSources;
  readonly targetGroups: TargetGroupApi;
  readonly state: StateStore;
}

export async function inspect(options: InspectOptions, deps: InspectDependencies): Promise<Inspection> {
  const albs = albsOf(options.targetGroups, options);
  // Everything is read at once, as the function would: each ALB's discovery, then each group's targets and state.
  const [discoveries, groups] = await Promise.all([
    Promise.all(
      albs.map(({ albDnsName }) =>
        attempt(
          () => deps.albIps.of(albDnsName).discover(),
          options.discoveryMode === "eni"
            ? [`EC2 DescribeNetworkInterfaces for the interfaces of ${albDnsName}`, "ec2:DescribeNetworkInterfaces"]
            : [`DNS discovery of ${albDnsName}`, "DNS (UDP and TCP port 53) from here to the ALB zone's name servers"],
        ),
      ),
    ),
    Promise.all(
      options.targetGroups.map(async (group) => {
        const albDnsName = albDnsNameOf(group, options);
        const [targets, loaded] = await Promise.all([
          attempt(
            () => deps.targetGroups.targets(group.arn),
            [`DescribeTargetHealth on ${group.arn}`, "elasticloadbalancing:DescribeTargetHealth"],
          ),
          attempt(
            () => deps.state.load(group.arn, albDnsName),
            [
              `reading the state of ${group.arn} from s3://${options.stateBucket}`,
              `s3:GetObject and s3:ListBucket on ${options.stateBucket}`,
            ],
          ),
        ]);
        return { group, albDnsName, targets, loaded };
      }),
    ),
  ]);
  const ipsOf = new Map(albs.map((alb, index) => [alb.albDnsName, discoveries[index].ips]));
  return {
    albs: albs.map(({ albDnsName }, index) => {
      const discovery = discoveries[index];
      return {
        albDnsName,
        discovery: { ipCount: discovery.ips.size, stats: discovery.stats, warning: discovery.warning },
      };
    }),
    targetGroups: groups.map(({ group, albDnsName, targets, loaded }) =>
      inspectTargetGroup(group, albDnsName, ipsOf.get(albDnsName) ?? new Set(), targets, loaded, options),
    ),
  };
}

async function attempt<T>(call: () => Promise<T>, [what, permission]: readonly [string, string]): Promise<T> {
  try {
    return await call();
  } catch (error) {
    // A call that got no answer is named by its own error; the permission it needs is beside the point.
    if (error instanceof CallTimedOutError) throw error;
    throw new CallFailedError(what, permission, error);
  }
}

function inspectTargetGroup(
  group: TargetGroupSetting,
  albDnsName: string,
  albIps: ReadonlySet<string>,
  targets: readonly RegisteredTarget[],
  loaded: LoadedState,
  options: Pick<InspectOptions, "runsBeforeDeregistration" | "schedulePeriodSeconds" | "now">,
): TargetGroupInspection {
  const { runsBeforeDeregistration } = options;
  const { stored } = loaded;
  // The function's own plan: the preview cannot disagree with what the next run does.
  const plan = planTargetChanges({
    albIps,
    targets,
    stored,
    port: group.port,
    runsBeforeDeregistration,
    now: options.now,
    schedulePeriodSeconds: options.schedulePeriodSeconds,
  });
  const ours = new Map(targets.filter((target) => target.port === group.port).map((target) => [target.ip, target]));
  const ips = new Set([
    ...albIps,
    ...ours.keys(),
    ...(stored.activeIps ?? []),
    ...Object.keys(stored.pendingDeregistration),
  ]);
  const rows = [...ips].sort(compareIps).map(
    (ip): IpRow => ({
      ip,
      inDns: albIps.has(ip),
      target: targetHealth(ours.get(ip)),
      misses: stored.pendingDeregistration[ip],
      next: nextAction(ip, plan, runsBeforeDeregistration),
    }),
  );

  const changes = changesAnything(plan);
  const active = new Set(stored.activeIps ?? []);
  // Drift: the ELB differs from what the function last left there. An IP it stored as active is not in service,
  // or a target is in service that the function neither registered nor is counting down.
  const lost = plan.register.filter((ip) => active.has(ip));
  const strangers =
    stored.activeIps === undefined
      ? []
      : [...ours.values()]
          .filter(
            (target) =>
              !albIps.has(target.ip) && !active.has(target.ip) && !(target.ip in stored.pendingDeregistration),
          )
          .filter((target) => target.state !== "draining" && target.state !== "unhealthy.draining")
          .map((target) => target.ip);
  const unhealthy = [...ours.values()].filter((target) => target.state === "unhealthy").map((target) => target.ip);

  const [verdict, detail] = ((): [Verdict, string | undefined] => {
    if (lost.length > 0 || strangers.length > 0) {
      return [
        "drifted",
        [
          lost.length > 0
            ? `${lost.join(", ")} stored as registered but not in service: the next run registers them`
            : "",
          strangers.length > 0
            ? `${strangers.join(", ")} registered by something else: the next run counts them as missing from DNS`
            : "",
        ]
          .filter(Boolean)
          .join("; "),
      ];
    }
    if (unhealthy.length > 0) return ["unhealthy targets", `${unhealthy.join(", ")} failing the NLB's health checks`];
    if (changes) return ["will change", summarize(plan)];
    return ["in sync", undefined];
  })();
  return {
    arn: group.arn,
    albDnsName,
    port: group.port,
    rows,
    plan,
    changes,
    verdict,
    detail,
    stateChangedAt: loaded.changedAt?.toISOString(),
  };
}

function targetHealth(target: RegisteredTarget | undefined): IpRow["target"] {
  if (target === undefined) return undefined;
  return target.reason === undefined ? { state: target.state } : { state: target.state, reason: target.reason };
}

function nextAction(ip: string, plan: TargetChanges, runsBeforeDeregistration: number): string {
  if (plan.register.includes(ip)) return "register";
  if (plan.deregister.includes(ip))
    return `deregister (miss ${runsBeforeDeregistration} of ${runsBeforeDeregistration})`;
  const misses = plan.next.pendingDeregistration[ip];
  if (misses !== undefined) return `keep (miss ${misses} of ${runsBeforeDeregistration})`;
  if (plan.unchanged.includes(ip)) return "keep";
  return "leave alone";
}

function summarize(plan: TargetChanges): string {
  const parts = [
    plan.register.length > 0 ? `register ${plan.register.join(", ")}` : "",
    plan.deregister.length > 0 ? `deregister ${plan.deregister.join(", ")}` : "",
  ].filter(Boolean);
  return parts.length > 0 ? parts.join("; ") : "the stored state changes (miss counters or the active list)";
}
