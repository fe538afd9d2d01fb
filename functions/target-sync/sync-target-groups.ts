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

  const outcomes = await Promise.all(
    settings.targetGroups.map((group, index) => syncOne(group, reads[index], discovery.ips, settings, deps, runAt)),
  );
  await checkZones(settings, deps, discovery, reads, runAt);
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
 * Whether every static IP reaches an ALB node, from the targets this run read (or ENI discovery's zones): one WARN
 * line naming the zones and IPs when not, and the count of zones cut off as a metric. It only reports: no target is
 * registered or deregistered for it.
 */
async function checkZones(
  settings: SyncOptions,
  deps: SyncDependencies,
  discovery: AlbIpDiscovery,
  reads: readonly Promise<Settled<TargetGroupRead>>[],
  runAt: Date,
): Promise<void> {
  if (settings.nlbZones.length === 0) return;
  const read = await Promise.all(reads);
  const targetGroups = settings.targetGroups.flatMap((group, index) => {
    const settled = read[index];
    return "value" in settled
      ? [{ port: group.port, targets: settled.value.targets.filter((target) => target.port === group.port) }]
      : [];
  });
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

async function syncOne(
  group: TargetGroupSetting,
  read: Promise<Settled<TargetGroupRead>>,
  albIps: ReadonlySet<string>,
  settings: SyncOptions,
  deps: SyncDependencies,
  runAt: Date,
): Promise<TargetGroupOutcome> {
  const started = Date.now();
  const context = { targetGroupArn: group.arn, port: group.port };
  let plan: TargetChanges;
  let stateSaved: boolean;
  try {
    const settled = await read;
    if ("error" in settled) throw settled.error;
    const { targets, loaded } = settled.value;
    plan = planTargetChanges({
      albIps,
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
    return { arn: group.arn, outcome: superseded ? "superseded" : "failed", error: describeError(error) };
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
  if (failure) {
    // One line for the group, naming every IP ELB refused, with what did change.
    deps.log("ERROR", "target group sync failed", { ...fields, error: errorFields(failure) });
    return { arn: group.arn, outcome: "failed", error: describeError(failure) };
  }
  deps.log("INFO", "target group synced", fields);
  return { arn: group.arn, outcome: "synced", registered: registered.length, deregistered: deregistered.length };
}
