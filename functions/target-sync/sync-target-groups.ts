/**
 * One run: discover the ALB's IPs once (reading every target group meanwhile), then bring every target group in
 * line, each on its own, so that one group's failure neither stops nor spoils the others.
 */
import { applyChanges } from "./apply-changes";
import { METRICS, type TargetGroupSetting } from "./contract";
import { describeError, errorFields } from "./describe-error";
import type { Logger } from "./log";
import { metricLine } from "./metrics";
import { changesAnything, planTargetChanges, type RegisteredTarget, type TargetChanges } from "./plan";
import {
  type AlbIpDiscovery,
  type AlbIpSource,
  ConcurrentRunError,
  type LoadedState,
  type StateStore,
  type TargetGroupApi,
} from "./ports";
import { zoneCoverage, zoneCoverageWarning } from "./zone-coverage";

export interface SyncOptions {
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
  readonly albIps: AlbIpSource;
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

export interface SyncReport {
  readonly albIpCount: number;
  readonly discovery: AlbIpDiscovery["stats"];
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
  // Every target group's targets and state are read while discovery runs, so that a quiet run waits for one round
  // of calls. Reading changes nothing, so a failed discovery still changes nothing.
  const reads = settings.targetGroups.map((group) => settle(readTargetGroup(group.arn, deps)));
  const discovery = await discover(settings, deps, runAt);

  const results = await Promise.all(
    settings.targetGroups.map((group, index) => syncOne(group, reads[index], discovery, settings, deps, runAt)),
  );
  checkZones(settings, deps, discovery, results, runAt);
  const outcomes = results.map((result) => result.outcome);
  const report = { albIpCount: discovery.ips.size, discovery: discovery.stats, targetGroups: outcomes };
  if (outcomes.some((group) => group.outcome === "failed")) throw new SyncFailedError(report);
  return report;
}

/**
 * The ALB's IPs, with the IP-count metric: 0 when discovery failed or found nothing, so that an alarm on the
 * metric dropping to 0 fires whenever the target groups cannot follow the ALB.
 */
async function discover(settings: SyncOptions, deps: SyncDependencies, runAt: Date): Promise<AlbIpDiscovery> {
  const publishIpCount = (count: number) => {
    if (settings.metricNamespace !== undefined) {
      deps.writeLine(metricLine(settings.metricNamespace, settings.albDnsName, METRICS.ipCount, count, runAt));
    }
  };
  let discovery: AlbIpDiscovery;
  try {
    discovery = await deps.albIps.discover(deps.deadline);
    // The sources throw on an empty answer; this keeps a source that does not from emptying the target groups.
    if (discovery.ips.size === 0) throw new Error(`discovery found no IP for ${settings.albDnsName}`);
  } catch (error) {
    deps.log("ERROR", "ALB IP discovery failed; no target changed", {
      albDnsName: settings.albDnsName,
      error: errorFields(error),
    });
    publishIpCount(0);
    throw error;
  }
  deps.log("INFO", "ALB IPs discovered", {
    albDnsName: settings.albDnsName,
    ipCount: discovery.ips.size,
    ...discovery.stats,
  });
  if (discovery.warning) deps.log("WARN", discovery.warning, { albDnsName: settings.albDnsName });
  publishIpCount(discovery.ips.size);
  return discovery;
}

/**
 * True when the zone check judges the zones by the target groups' targets (their zones and health): it is on, and
 * discovery did not give the ALB IPs' zones (ENI discovery does, for every port alike).
 */
function zonesJudgedByTargets(settings: SyncOptions, discovery: AlbIpDiscovery): boolean {
  return settings.nlbZones.length > 0 && discovery.zones === undefined;
}

/**
 * Whether every static IP reaches an ALB node, from the targets as they stand after this run's changes (or ENI
 * discovery's zones): one WARN line naming the zones and IPs when not, and the count of zones cut off as a metric.
 * A group whose targets are not known (its read failed, or the deadline cut it off) is left out. It only reports: no
 * target is registered or deregistered for it.
 */
function checkZones(
  settings: SyncOptions,
  deps: SyncDependencies,
  discovery: AlbIpDiscovery,
  results: readonly TargetGroupResult[],
  runAt: Date,
): void {
  if (settings.nlbZones.length === 0) return;
  const targetGroups = zonesJudgedByTargets(settings, discovery)
    ? settings.targetGroups.flatMap((group, index) => {
        const targets = results[index].targetsAfterRun;
        return targets ? [{ port: group.port, targets: targets.filter((target) => target.port === group.port) }] : [];
      })
    : settings.targetGroups.map((group) => ({ port: group.port, targets: [] }));
  const coverage = zoneCoverage({
    nlbZones: settings.nlbZones,
    crossZone: settings.crossZone,
    targetGroups,
    ...(discovery.zones ? { albIpZones: discovery.zones } : {}),
  });
  const warning = zoneCoverageWarning(coverage, settings.crossZone);
  if (warning) {
    deps.log("WARN", warning, {
      albDnsName: settings.albDnsName,
      zonesCutOff: coverage.cutOff,
      unusedIps: coverage.unusedIps,
      crossZone: settings.crossZone,
    });
  }
  if (settings.metricNamespace !== undefined) {
    deps.writeLine(
      metricLine(settings.metricNamespace, settings.albDnsName, METRICS.zonesCutOff, coverage.cutOff.length, runAt),
    );
  }
}

interface TargetGroupRead {
  readonly targets: RegisteredTarget[];
  readonly loaded: LoadedState;
}

async function readTargetGroup(arn: string, deps: SyncDependencies): Promise<TargetGroupRead> {
  const [targets, loaded] = await Promise.all([
    deps.targetGroups.targets(arn, deps.deadline),
    deps.state.load(arn, deps.deadline),
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
  read: Promise<Settled<TargetGroupRead>>,
  discovery: AlbIpDiscovery,
  settings: SyncOptions,
  deps: SyncDependencies,
  runAt: Date,
): Promise<TargetGroupResult> {
  const started = Date.now();
  const context = { targetGroupArn: group.arn, port: group.port };
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
