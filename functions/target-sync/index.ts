/**
 * The Lambda handler: read the environment and build the clients once per container (a bad environment fails the
 * cold start), then run one sync, which logs a line per target group.
 */
import { createAdapters } from "./adapters";
import { readSyncConfig } from "./config";
import { stdoutLogger } from "./log";
import { type SyncReport, syncTargetGroups } from "./sync-target-groups";

const config = readSyncConfig(process.env);
const adapters = createAdapters(config);

export async function handler(): Promise<SyncReport> {
  return syncTargetGroups(
    {
      albDnsName: config.albDnsName,
      targetGroups: config.targetGroups,
      runsBeforeDeregistration: config.runsBeforeDeregistration,
      metricNamespace: config.publishIpCountMetric ? config.metricNamespace : undefined,
    },
    {
      ...adapters,
      log: stdoutLogger,
      writeLine: (line) => process.stdout.write(`${line}\n`),
      now: () => new Date(),
    },
  );
}
