/**
 * The Lambda handler: read the environment and build the clients once per container (a bad environment fails the
 * cold start), then run one sync, which logs a line per target group.
 */
import { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { S3Client } from "@aws-sdk/client-s3";
import { readSyncConfig } from "./config";
import { DnsAlbIpSource } from "./dns-alb-ip-source";
import { ElbTargetGroups } from "./elb-target-group";
import { stdoutLogger } from "./log";
import type { AlbIpSource } from "./ports";
import { S3StateStore } from "./s3-state-store";
import { adaptiveStoppingRule } from "./stopping-rules";
import { type SyncReport, syncTargetGroups } from "./sync-target-groups";

/** Queries in flight at most: a 200-IP ALB's ~320 queries take ~20 round trips, a burst small enough to be polite. */
const DNS_PARALLEL_QUERIES = 16;

const config = readSyncConfig(process.env);
const s3 = new S3Client({ forcePathStyle: config.s3ForcePathStyle });
// ELB's API limits are per account and shared with every other tool, so throttling gets more patience than default.
const elb = new ElasticLoadBalancingV2Client({ maxAttempts: 6 });
const albIps: AlbIpSource =
  config.discovery.mode === "eni"
    ? (require("./eni-discovery.lazy.js") as typeof import("./eni-discovery.lazy")).createEniAlbIpSource(
        config.discovery.albArn,
      )
    : new DnsAlbIpSource(config.albDnsName, config.dnsServers, {
        maxLookupsPerRun: config.maxLookupsPerRun,
        timeoutMs: config.dnsTimeoutMs,
        parallelism: DNS_PARALLEL_QUERIES,
        stoppingRule: adaptiveStoppingRule,
      });
const targetGroups = new ElbTargetGroups(elb, config.sameVpc);
const state = new S3StateStore(s3, config.stateBucket, config.albDnsName);

export async function handler(): Promise<SyncReport> {
  return syncTargetGroups(
    {
      albDnsName: config.albDnsName,
      targetGroups: config.targetGroups,
      runsBeforeDeregistration: config.runsBeforeDeregistration,
      metricNamespace: config.publishIpCountMetric ? config.metricNamespace : undefined,
    },
    {
      albIps,
      targetGroups,
      state,
      log: stdoutLogger,
      writeLine: (line) => process.stdout.write(`${line}\n`),
      now: () => new Date(),
    },
  );
}
