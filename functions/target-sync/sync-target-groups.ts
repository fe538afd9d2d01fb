/**
 * One run: discover each ALB's IPs once, every ALB at once (reading every target group meanwhile), then bring every
 * target group in line with its own ALB's IPs, each on its own, so that one group's failure (or its ALB's) neither
 * stops nor spoils the others.
 */
import { type AlbTargetGroups, albsOf } from "./albs";
import { applyChanges } from "./apply-changes";
import { METRICS, type TargetGroupSetting } from "./contract";
import { describeError, errorFields } from "./describe-error";
import type { Logger } from "./log";
import { metricLine } from "./metrics";
import { changesAnything, planTargetChanges, type RegisteredTarget, type TargetChanges } from "./plan";
import {
  type AlbIpDiscovery,
  type AlbIpSources,
  ConcurrentRunError,
  type LoadedState,
  type StateStore,
  type TargetGroupApi,
} from "./ports";
import { zoneCoverage, zoneCoverageWarning } from "./zone-coverage";

export interface SyncOptions {
  /** The stack's ALB: the ALB of every target group that names none of its own. */
  readonly albDnsName: string;
  readonly targetGroups: readonly TargetGroupSetting[];
  readonly runsBeforeDeregistration: number;
  /** Seconds between two scheduled runs: a run within half of it of the last counted miss counts none. */
  readonly schedulePeriodSeconds: number;
  /** CloudWatch namespace of the metrics, or undefined to publish none. */
  readonly metricNamespace: string | undefined;
  /** The NLB's zones, one static IP each; none known turns the zone check off. */
  readonly nlbZones: readonly string[];
  readonly crossZone: boolean;
}

export interface SyncDependencies {
  readonly albIps: AlbIpSources;
  readonly targetGroups: TargetGroupApi;
  readonly state: StateStore;
  readonly log: Logger;
  /** Writes a raw line to the function's log (the metric, in Embedded Metric Format). */
  readonly writeLine: (line: string) => void;
  readonly now: () => Date;
  /**
   * Aborts at the run's deadline. Every call is made with it, so that a call still waiting then fails at once, naming
   * itself, and its target group's work ends with it. None for the operator's command: its calls end by their timeouts.
   */
  readonly deadline?: AbortSignal;
}

export type TargetGroupOutcome =
  | { readonly arn: string; readonly outcome: "synced"; readonly registered: number; readonly deregistered: number }
  | { readonly arn: string; readonly outcome: "superseded" | "failed"; readonly error: string };

/** An ALB's discovery: its IP count and figures, or why it failed. */
export type AlbOutcome =
  | { readonly albDnsName: string; readonly ipCount: number; readonly discovery: AlbIpDiscovery["stats"] }
  | { readonly albDnsName: string; readonly error: string };

export interface SyncReport {
  readonly albs: readonly AlbOutcome[];
  readonly targetGroups: readonly TargetGroupOutcome[];
}

export class SyncFailedError extends Error {
  constructor(readonly report: SyncReport) {
    const failed = report.targetGroups.flatMap((group) => (group.outcome === "failed" ? [group] : []));
    // Each with its error, so that the one line Lambda (or the operator's command) shows says what failed.
    super(
      `${failed.length} of ${report.targetGroups.length} target groups failed: ${failed.map((group) => `${group.arn} (${group.error})`).join(", ")}`,
    );
    this.name = "SyncFailedError";
  }
}

export async function syncTargetGroups(settings: SyncOptions, deps: SyncDependencies): Promise<SyncReport> {
  const runAt = deps.now();
  const albs = albsOf(settings.targetGroups, settings);
  // Every target group's targets and state are read while each ALB is discovered (all at once), so that a quiet run
  // waits for one round of calls. Reading changes nothing, so a failed discovery still changes nothing.
  const reads = albs.map((alb) =>
    alb.targetGroups.map((group) => settle(readTargetGroup(group, alb.albDnsName, deps))),
  );
  const discoveries = await Promise.all(albs.map((alb) => settle(discover(alb.albDnsName, settings, deps, runAt))));
  const failures = discoveries.flatMap((discovery) => ("error" in discovery ? [discovery.error] : []));
  // No ALB found: nothing can be synced, and the run fails with discovery's own error (each ALB's is logged).
  if (failures.length === albs.length) {
    throw albs.length === 1
      ? failures[0]
      : new Error(
          `discovery failed for every ALB: ${albs.map((alb, i) => `${alb.albDnsName} (${describeError(failures[i])})`).join(", ")}`,
        );
  }

  const outcomes = new Map<TargetGroupSetting, TargetGroupOutcome>();
  await Promise.all(
    albs.map(async (alb, index) => {
      const discovery = discoveries[index];
      const results = await Promise.all(
        alb.targetGroups.map((group, i) =>
          "error" in discovery
            ? notSynced(group, alb.albDnsName, discovery.error, deps)
            : syncOne(group, alb.albDnsName, reads[index][i], discovery.value, settings, deps, runAt),
        ),
      );
      if ("value" in discovery) checkZones(alb, settings, deps, discovery.value, results, runAt);
      for (const [i, group] of alb.targetGroups.entries()) outcomes.set(group, results[i].outcome);
    }),
  );
  const report: SyncReport = {
    albs: albs.map((alb, index): AlbOutcome => {
      const discovery = discoveries[index];
      return "error" in discovery
        ? { albDnsName: alb.albDnsName, error: describeError(discovery.error) }
        : { albDnsName: alb.albDnsName, ipCount: discovery.value.ips.size, discovery: discovery.value.stats };
    }),
    // In the order of the settings, whatever ALB each group is of (every group is of one).
    targetGroups: settings.targetGroups.flatMap((group) => outcomes.get(group) ?? []),
  };
  if (report.targetGroups.some((group) => group.outcome === "failed")) throw new SyncFailedError(report);
  return report;
}

/**
 * An ALB's IPs, with the IP-count metric: 0 when discovery failed or found nothing, so that an alarm on the
 * metric dropping to 0 fires whenever the target groups cannot follow the ALB.
 */
async function discover(
  albDnsName: string,
  settings: SyncOptions,
  deps: SyncDependencies,
  runAt: Date,
): Promise<AlbIpDiscovery> {
  const publishIpCount = (count: number) => {
    if (settings.metricNamespace !== undefined) {
      deps.writeLine(metricLine(settings.metricNamespace, albDnsName, METRICS.ipCount, count, runAt));
    }
  };
  let discovery: AlbIpDiscovery;
  try {
    discovery = await deps.albIps.of(albDnsName).discover(deps.deadline);
    // The sources throw on an empty answer; this keeps a source that does not from emptying the target groups.
    if (discovery.ips.size === 0) throw new Error(`discovery found no IP for ${albDnsName}`);
  } catch (error) {
    deps.log("ERROR", "ALB IP discovery failed; none of its target groups changed", {
      albDnsName,
      error: errorFields(error),
    });
    publishIpCount(0);
    throw error;
  }
  deps.log("INFO", "ALB IPs discovered", { albDnsName, ipCount: discovery.ips.size, ...discovery.stats });
  if (discovery.warning) deps.log("WARN", discovery.warning, { albDnsName });
  publishIpCount(discovery.ips.size);
  return discovery;
}

/** A group whose ALB was not found this run: it fails, changing nothing, with a line naming the group and its ALB. */
async function notSynced(
  group: TargetGroupSetting,
  albDnsName: string,
  error: unknown,
  deps: SyncDependencies,
): Promise<TargetGroupResult> {
  deps.log("ERROR", "target group not synced: its ALB's IP discovery failed", {
    targetGroupArn: group.arn,
    port: group.port,
    albDnsName,
    error: errorFields(error),
  });
  return {
    outcome: {
      arn: group.arn,
      outcome: "failed",
      error: `discovery of ${albDnsName} failed: ${describeError(error)}`,
    },
    targetsAfterRun: undefined,
  };
}

/**
 * True when the zone check judges the zones by the target groups' targets (their zones and health): it is on, and
 * discovery did not give the ALB IPs' zones (ENI discovery does, for every port alike).
 */
function zonesJudgedByTargets(settings: SyncOptions, discovery: AlbIpDiscovery): boolean {
  return settings.nlbZones.length > 0 && discovery.zones === undefined;
}

/**
 * Whether every static IP reaches a node of the ALB, on each of its ports, from the targets as they stand after this
 * run's changes (or ENI discovery's zones): one WARN line naming the zones and IPs when not, and the count of zones
 * cut off as the ALB's metric. A group whose targets are not known (its read failed, or the deadline cut it off) is
 * left out. It only reports: no target is registered or deregistered for it.
 */
function checkZones(
  alb: AlbTargetGroups,
  settings: SyncOptions,
  deps: SyncDependencies,
  discovery: AlbIpDiscovery,
  results: readonly TargetGroupResult[],
  runAt: Date,
): void {
  if (settings.nlbZones.length === 0) return;
  const targetGroups = zonesJudgedByTargets(settings, discovery)
    ? alb.targetGroups.flatMap((group, index) => {
        const targets = results[index].targetsAfterRun;
        return targets ? [{ port: group.port, targets: targets.filter((target) => target.port === group.port) }] : [];
      })
    : alb.targetGroups.map((group) => ({ port: group.port, targets: [] }));
  const coverage = zoneCoverage({
    nlbZones: settings.nlbZones,
    crossZone: settings.crossZone,
    targetGroups,
    ...(discovery.zones ? { albIpZones: discovery.zones } : {}),
  });
  const warning = zoneCoverageWarning(coverage, settings.crossZone);
  if (warning) {
    deps.log("WARN", warning, {
      albDnsName: alb.albDnsName,
      zonesCutOff: coverage.cutOff,
      unusedIps: coverage.unusedIps,
      crossZone: settings.crossZone,
    });
  }
  if (settings.metricNamespace !== undefined) {
    deps.writeLine(
      metricLine(settings.metricNamespace, alb.albDnsName, METRICS.zonesCutOff, coverage.cutOff.length, runAt),
    );
  }
}

interface TargetGroupRead {
  readonly targets: RegisteredTarget[];
  readonly loaded: LoadedState;
}

async function readTargetGroup(
  group: TargetGroupSetting,
  albDnsName: string,
  deps: SyncDependencies,
): Promise<TargetGroupRead> {
  const [targets, loaded] = await Promise.all([
    deps.targetGroups.targets(group.arn, deps.deadline),
    deps.state.load(group.arn, albDnsName, deps.deadline),
  ]);
  return { targets, loaded };
}

/** A promise's outcome as a value, so that a read may fail while nobody awaits it yet (during discovery). */
type Settled<T> = { readonly value: T } | { readonly error: unknown };

function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}

/** A target group's outcome, with its targets as they stand after this run's changes, when they are known. */
interface TargetGroupResult {
  readonly outcome: TargetGroupOutcome;
  readonly targetsAfterRun: readonly RegisteredTarget[] | undefined;
}

async function syncOne(
  group: TargetGroupSetting,
  albDnsName: string,
  read: Promise<Settled<TargetGroupRead>>,
  discovery: AlbIpDiscovery,
  settings: SyncOptions,
  deps: SyncDependencies,
  runAt: Date,
): Promise<TargetGroupResult> {
  const started = Date.now();
  const context = { targetGroupArn: group.arn, port: group.port, albDnsName };
  // As read, until this run changes them.
  let targets: readonly RegisteredTarget[] | undefined;
  let plan: TargetChanges;
  let stateSaved: boolean;
  try {
    const settled = await read;
    if ("error" in settled) throw settled.error;
    const { loaded } = settled.value;
    targets = settled.value.targets;
    plan = planTargetChanges({
      albIps: discovery.ips,
      targets,
      stored: loaded.stored,
      port: group.port,
      runsBeforeDeregistration: settings.runsBeforeDeregistration,
      now: runAt,
      schedulePeriodSeconds: settings.schedulePeriodSeconds,
    });
    // A quiet run (same IPs, same counters, nothing to change in ELB) writes nothing. Any other writes first, then
    // changes ELB: the conditional write settles which of two overlapping runs acts, and a crash after it heals on
    // the next run (a missed registration is drift the next plan repairs; a missed deregistration stays due).
    stateSaved = changesAnything(plan);
    if (stateSaved) {
      await deps.state.save(
        group.arn,
        albDnsName,
        { next: plan.next, countersChanged: plan.changed.pendingDeregistration, versions: loaded.versions, at: runAt },
        deps.deadline,
      );
    }
  } catch (error) {
    const superseded = error instanceof ConcurrentRunError;
    deps.log(
      superseded ? "WARN" : "ERROR",
      superseded ? "target group left to a concurrent run" : "target group sync failed",
      { ...context, error: errorFields(error), durationMs: Date.now() - started },
    );
    return {
      outcome: { arn: group.arn, outcome: superseded ? "superseded" : "failed", error: describeError(error) },
      // This run changed none of them.
      targetsAfterRun: targets,
    };
  }

  const { registered, refused, deregistered, failure } = await applyChanges(
    group,
    plan,
    deps.targetGroups,
    deps.deadline,
  );
  const fields = {
    ...context,
    // The state's timestamp says when it last changed; the run's own time is here.
    runAt: runAt.toISOString(),
    stateSaved,
    registered,
    deregistered,
    ...(Object.keys(refused).length > 0 ? { refused } : {}),
    pendingDeregistration: plan.next.pendingDeregistration,
    missesCounted: plan.countedMisses,
    counts: {
      registered: registered.length,
      deregistered: deregistered.length,
      refused: Object.keys(refused).length,
      pendingDeregistration: Object.keys(plan.next.pendingDeregistration).length,
      unchanged: plan.unchanged.length,
    },
    durationMs: Date.now() - started,
  };
  let outcome: TargetGroupOutcome;
  if (failure) {
    // One line for the group, naming every IP ELB refused, with what did change.
    deps.log("ERROR", "target group sync failed", { ...fields, error: errorFields(failure) });
    outcome = { arn: group.arn, outcome: "failed", error: describeError(failure) };
  } else {
    deps.log("INFO", "target group synced", fields);
    outcome = { arn: group.arn, outcome: "synced", registered: registered.length, deregistered: deregistered.length };
  }
  // Unless ELB was asked for a change, its targets are as read.
  if (plan.register.length === 0 && plan.deregister.length === 0) return { outcome, targetsAfterRun: targets };
  return {
    outcome,
    targetsAfterRun: zonesJudgedByTargets(settings, discovery) ? await readBack(group, deps) : undefined,
  };
}

/**
 * The group's targets read again after this run changed them, for the zone check: ELB shows a target registered
 * this run as `initial`, in its zone, and one deregistered as `draining`. Undefined once the deadline has passed
 * (the run makes no more calls), or when the read fails, which a WARN line names: the group is then left out of
 * the zone check, as a group whose first read failed is.
 */
async function readBack(group: TargetGroupSetting, deps: SyncDependencies): Promise<RegisteredTarget[] | undefined> {
  if (deps.deadline?.aborted) return undefined;
  try {
    return await deps.targetGroups.targets(group.arn, deps.deadline);
  } catch (error) {
    deps.log(
      "WARN",
      "target group left out of the zone check: its targets could not be read after this run's changes",
      {
        targetGroupArn: group.arn,
        port: group.port,
        error: errorFields(error),
      },
    );
    return undefined;
  }
}
