/**
 * The Lambda handler: read the environment and build the clients once per container (a bad environment fails the
 * cold start), then run one sync, which logs a line per target group with the invocation's request id.
 */
import type { Context } from "aws-lambda";
import { createAdapters } from "./adapters";
import { readSyncConfig } from "./config";
import { lambdaLogger, powertoolsLogger } from "./log";
import { type SyncReport, syncTargetGroups } from "./sync-target-groups";

const config = readSyncConfig(process.env);
const adapters = createAdapters(config, lambdaLogger);

export async function handler(_event: unknown, context: Context): Promise<SyncReport> {
  // Request id, function name and the cold-start flag on every line of this invocation.
  powertoolsLogger.addContext(context);
  return syncTargetGroups(
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
    },
  );
}
