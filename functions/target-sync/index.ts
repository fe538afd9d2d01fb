/**
 * The Lambda handler: read the environment and build the clients once per container (a bad environment fails the
 * cold start), then run one sync, which logs a line per target group with the invocation's request id and stops
 * waiting for AWS a second before the invocation's timeout.
 */
import type { Context } from "aws-lambda";
import { createAdapters } from "./adapters";
import { readSyncConfig } from "./config";
import { lambdaLogger, powertoolsLogger } from "./log";
import { type SyncReport, syncTargetGroups } from "./sync-target-groups";

const config = readSyncConfig(process.env);
const adapters = createAdapters(config, lambdaLogger);

/**
 * Kept back from the invocation's remaining time for what a run does after its deadline: log the lines of the groups
 * cut off, check the zones, publish the metrics and return. That takes milliseconds, even on the CPU share of a
 * 128 MB function; a second leaves room to spare without taking much from the calls.
 */
const AFTER_DEADLINE_MS = 1000;

export async function handler(_event: unknown, context: Context): Promise<SyncReport> {
  // Request id, function name and the cold-start flag on every line of this invocation.
  powertoolsLogger.addContext(context);
  // The run stops waiting for AWS before Lambda stops the invocation, so that a call that never answers is named in
  // the log instead of ending in a bare "Task timed out".
  const deadline = new AbortController();
  const timer = setTimeout(
    () => deadline.abort(new Error("the run's deadline passed")),
    context.getRemainingTimeInMillis() - AFTER_DEADLINE_MS,
  );
  try {
    return await syncTargetGroups(
      {
        albDnsName: config.albDnsName,
        targetGroups: config.targetGroups,
        runsBeforeDeregistration: config.runsBeforeDeregistration,
        schedulePeriodSeconds: config.schedulePeriodSeconds,
        metricNamespace: config.publishIpCountMetric ? config.metricNamespace : undefined,
        nlbZones: config.nlbZones,
        crossZone: config.crossZone,
      },
      {
        ...adapters,
        log: lambdaLogger,
        writeLine: (line) => process.stdout.write(`${line}\n`),
        now: () => new Date(),
        deadline: deadline.signal,
      },
    );
  } finally {
    clearTimeout(timer);
  }
}
