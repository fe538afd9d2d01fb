/**
 * The real adapters for a configuration: built once per container by the handler, and once per command by the
 * operator's CLI, so that both discover, read and change exactly the same way.
 */

import type { EC2Client } from "@aws-sdk/client-ec2";
import { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { S3Client } from "@aws-sdk/client-s3";
import { type AlbTargetGroups, albsOf } from "./albs";
import { boundedRequestHandler, nameUnansweredCalls } from "./bounded-calls";
import type { SyncConfig } from "./config";
import { errorFields } from "./describe-error";
import { DnsAlbIpSource } from "./dns-alb-ip-source";
import { ElbTargetGroups } from "./elb-target-group";
import type { Logger } from "./log";
import type { AlbIpSource, AlbIpSources, StateStore, TargetGroupApi } from "./ports";
import { S3StateStore } from "./s3-state-store";
import { adaptiveStoppingRule } from "./stopping-rules";

/** Queries in flight at most: a 200-IP ALB's ~320 queries take ~20 round trips, a burst small enough to be polite. */
const DNS_PARALLEL_QUERIES = 16;

export interface SyncAdapters {
  readonly albIps: AlbIpSources;
  readonly targetGroups: TargetGroupApi;
  readonly state: StateStore;
}

export function createAdapters(config: SyncConfig, log: Logger): SyncAdapters {
  const requestHandler = boundedRequestHandler(config.apiTimeoutMs);
  const s3 = new S3Client({ forcePathStyle: config.s3ForcePathStyle, requestHandler });
  // ELB's API limits are per account and shared with every other tool, so throttling gets more patience than default.
  const elb = new ElasticLoadBalancingV2Client({ maxAttempts: 6, requestHandler });
  instrument(s3, "S3", log);
  instrument(elb, "ELBv2", log);
  // One source per ALB, made once per container like the clients: a DNS source keeps its ALB zone's name servers.
  const sources = new Map(
    albsOf(config.targetGroups, {
      albDnsName: config.albDnsName,
      ...(config.discovery.mode === "eni" ? { albArn: config.discovery.albArn } : {}),
    }).map((alb) => [alb.albDnsName, albIpSource(config, alb, requestHandler, log)] as const),
  );
  const albIps: AlbIpSources = {
    of: (albDnsName) => {
      const source = sources.get(albDnsName);
      if (source === undefined) throw new Error(`no target group is of the ALB ${albDnsName}`);
      return source;
    },
  };
  return {
    albIps,
    targetGroups: new ElbTargetGroups(elb, config.sameVpc),
    state: new S3StateStore(s3, config.stateBucket),
  };
}

function albIpSource(
  config: SyncConfig,
  alb: AlbTargetGroups,
  requestHandler: ReturnType<typeof boundedRequestHandler>,
  log: Logger,
): AlbIpSource {
  if (config.discovery.mode === "eni") {
    // readSyncConfig refuses a configuration that leaves an ALB without one in this mode.
    const { albArn } = alb;
    if (albArn === undefined) throw new Error(`ALB ${alb.albDnsName} has no ARN to list its interfaces by`);
    // Loaded only in this mode: the EC2 client would more than double every DNS-mode cold start.
    return (require("./eni-discovery.lazy.js") as typeof import("./eni-discovery.lazy")).createEniAlbIpSource(
      albArn,
      { requestHandler },
      (client) => instrument(client, "EC2", log),
    );
  }
  return new DnsAlbIpSource(alb.albDnsName, config.dnsServers, {
    maxLookupsPerRun: config.maxLookupsPerRun,
    timeoutMs: config.dnsTimeoutMs,
    parallelism: DNS_PARALLEL_QUERIES,
    stoppingRule: adaptiveStoppingRule,
  });
}

/** The clients whose calls are logged and named (EC2's only as a type: its client is loaded lazily). */
type SdkClient = S3Client | ElasticLoadBalancingV2Client | EC2Client;

function instrument(client: SdkClient, service: string, log: Logger): void {
  nameUnansweredCalls(client, service);
  logCalls(client, log);
}

/**
 * A DEBUG line for each AWS call's outcome (after the SDK's retries): operation, HTTP status, attempts, time. Off
 * unless the function's log level is DEBUG.
 */
function logCalls(client: SdkClient, log: Logger): void {
  (client.middlewareStack as S3Client["middlewareStack"]).add(
    (next, context) => async (args) => {
      const started = performance.now();
      const call = { client: context.clientName, operation: context.commandName };
      try {
        const result = await next(args);
        const { httpStatusCode, attempts } =
          (result.output as { $metadata?: { httpStatusCode?: number; attempts?: number } }).$metadata ?? {};
        log("DEBUG", "AWS call", { ...call, httpStatusCode, attempts, ms: Math.round(performance.now() - started) });
        return result;
      } catch (error) {
        log("DEBUG", "AWS call failed", {
          ...call,
          error: errorFields(error),
          ms: Math.round(performance.now() - started),
        });
        throw error;
      }
    },
    { step: "initialize", name: "logCallOutcome" },
  );
}
