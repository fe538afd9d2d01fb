/**
 * The boundary between the stack and the function: the environment the stack writes and the function reads. Every
 * variable's name, default and bounds is defined here once; `lib/` (config schema, construct) and the function's
 * `config.ts` derive from it. Imports nothing, so both sides can.
 */

/** Shapes of the AWS identifiers the function is configured with. */
export const ALB_ARN = /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:loadbalancer\/app\/[^/]+\/[0-9a-f]+$/;
export const TARGET_GROUP_ARN = /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:targetgroup\/[^/]+\/[0-9a-f]+$/;
/** A DNS name of three or more labels, like an ALB's `internal-app-123.us-east-1.elb.amazonaws.com`. */
export const DNS_NAME = /^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.){2,}[a-z]{2,}$/i;

/** A target group the function keeps equal to its ALB's IPs. */
export interface TargetGroupSetting {
  readonly arn: string;
  /** The ALB listener port the targets are registered with. */
  readonly port: number;
  /**
   * DNS name of the group's own ALB, when it is not the stack's (`ALB_DNS_NAME`): several ALBs behind one set of
   * static IPs, a port each. Its state is kept under this name, as every group's is under its ALB's.
   */
  readonly albDnsName?: string;
  /** ARN of the group's own ALB, for ENI discovery (`ALB_ARN` is the stack's ALB's). */
  readonly albArn?: string;
}

/** Where the ALB's IPs come from: DNS answers, or the ALB's network interfaces (listed by its ARN). */
export type DiscoverySetting = { readonly mode: "dns" } | { readonly mode: "eni"; readonly albArn: string };
export const DISCOVERY_MODES = ["dns", "eni"] as const;

/** What the stack decides for the function: everything it writes into the function's environment. */
export interface SyncSettings {
  readonly albDnsName: string;
  readonly stateBucket: string;
  readonly targetGroups: readonly TargetGroupSetting[];
  readonly discovery: DiscoverySetting;
  /** Hard cap on DNS queries in one run, above the adaptive stopping rule. */
  readonly maxLookupsPerRun: number;
  /** Runs in a row an IP must be missing before it is deregistered. */
  readonly runsBeforeDeregistration: number;
  /**
   * Seconds between two scheduled runs (for a cron schedule, the shortest gap), derived by the stack from the
   * schedule expression: a run within half of it of the last counted miss is a duplicate delivery and counts none.
   */
  readonly schedulePeriodSeconds: number;
  readonly publishIpCountMetric: boolean;
  /** False when the ALB sits in another VPC: targets are then registered with `AvailabilityZone: "all"`. */
  readonly sameVpc: boolean;
  /** The NLB's zones, one static IP each: the function warns when one reaches no ALB node. */
  readonly nlbZones: readonly string[];
  /** Whether the NLB balances across zones, so that each static IP reaches ALB nodes in every zone. */
  readonly crossZone: boolean;
}

/**
 * The function's own settings, for tests and private set-ups; the stack writes none of them.
 */
export interface FunctionOnlySettings {
  /** CloudWatch namespace of the IP-count metric. */
  readonly metricNamespace: string;
  /** Fixed name servers to ask; undefined means the ALB zone's authoritative servers, looked up each cold start. */
  readonly dnsServers: readonly DnsServer[] | undefined;
  readonly dnsTimeoutMs: number;
  /**
   * How long one attempt of an AWS API call (S3, ELBv2, EC2) may wait for its answer before the SDK gives it up
   * (and retries it). An operator running the command over a slow link may raise it.
   */
  readonly apiTimeoutMs: number;
  readonly s3ForcePathStyle: boolean;
}

export interface DnsServer {
  readonly host: string;
  readonly port: number;
}

/** Each setting's environment variable (the original function's names, where it had the setting). */
export const ENVIRONMENT_VARIABLES = {
  albDnsName: "ALB_DNS_NAME",
  stateBucket: "S3_BUCKET",
  targetGroups: "TARGET_GROUPS",
  discovery: "DISCOVERY",
  albArn: "ALB_ARN",
  maxLookupsPerRun: "MAX_LOOKUP_PER_INVOCATION",
  runsBeforeDeregistration: "INVOCATIONS_BEFORE_DEREGISTRATION",
  schedulePeriodSeconds: "SCHEDULE_PERIOD_SECONDS",
  publishIpCountMetric: "CW_METRIC_FLAG_IP_COUNT",
  sameVpc: "SAME_VPC",
  nlbZones: "NLB_ZONES",
  crossZone: "CROSS_ZONE",
  metricNamespace: "METRIC_NAMESPACE",
  dnsServers: "DNS_SERVERS",
  dnsTimeoutMs: "DNS_TIMEOUT_MS",
  apiTimeoutMs: "API_TIMEOUT_MS",
  s3ForcePathStyle: "S3_FORCE_PATH_STYLE",
} as const satisfies Record<keyof SyncSettings | keyof FunctionOnlySettings | "albArn", string>;

/** The original function's single target group, still accepted instead of `TARGET_GROUPS`. */
export const LEGACY_ENVIRONMENT_VARIABLES = { targetGroupArn: "NLB_TG_ARN", albListenerPort: "ALB_LISTENER" } as const;

/**
 * Defaults of the optional settings. The lookup cap is 600, not the original's 50: the adaptive stopping rule needs
 * ~320 queries on average for a 200-IP ALB, and at 600 the cap ends fewer than 1 in 10^5 of its runs (50 would end
 * most runs of an ALB above ~24 IPs early).
 */
export const DEFAULTS = {
  discovery: "dns",
  maxLookupsPerRun: 600,
  runsBeforeDeregistration: 10,
  /** The period of the default schedule, rate(1 minute). */
  schedulePeriodSeconds: 60,
  publishIpCountMetric: true,
  sameVpc: true,
  // None known (a deployment that predates the setting): the zone check is off.
  nlbZones: [],
  crossZone: false,
  metricNamespace: "AlbStaticIp",
  dnsTimeoutMs: 1000,
  // AWS answers these calls in well under a second; 5 s without an answer is a call that will not come, and ELB's
  // 6 attempts of 5 s still end well inside the stack's 60 s invocation.
  apiTimeoutMs: 5000,
  s3ForcePathStyle: false,
} as const satisfies Partial<Record<keyof SyncSettings | keyof FunctionOnlySettings, unknown>>;

/**
 * The metrics the function publishes (Embedded Metric Format, namespace `metricNamespace`, dimension `LoadBalancer` =
 * the ALB's DNS name), which the stack's alarms watch.
 */
export const METRICS = {
  /** The ALB's IPs found this run; 0 when none were. */
  ipCount: "LoadBalancerIPCount",
  /** The NLB zones whose static IP reaches no ALB node on some port. */
  zonesCutOff: "ZonesWithoutHealthyTarget",
} as const;

/** Inclusive bounds of the numeric settings. */
export const BOUNDS = {
  maxLookupsPerRun: { min: 1, max: 5000 },
  runsBeforeDeregistration: { min: 1, max: 1000 },
  /** EventBridge runs a schedule at most once a minute; a year is far beyond any schedule a sync would use. */
  schedulePeriodSeconds: { min: 60, max: 366 * 24 * 3600 },
  dnsTimeoutMs: { min: 50, max: 30000 },
  apiTimeoutMs: { min: 100, max: 60000 },
} as const satisfies Partial<Record<keyof SyncSettings | keyof FunctionOnlySettings, { min: number; max: number }>>;

/**
 * The function's environment for `settings`. The stack passes Terraform's `jsonencode` as `encodeJson`, since the
 * target group ARNs are references until apply.
 */
export function syncEnvironment(
  settings: SyncSettings,
  encodeJson: (value: unknown) => string = JSON.stringify,
): Record<string, string> {
  const name = ENVIRONMENT_VARIABLES;
  return {
    [name.albDnsName]: settings.albDnsName,
    [name.stateBucket]: settings.stateBucket,
    // A group of the stack's own ALB is written as it always was, so that a one-ALB stack's environment stays as it is.
    [name.targetGroups]: encodeJson(
      settings.targetGroups.map(({ arn, port, albDnsName, albArn }) => ({
        arn,
        port,
        ...(albDnsName === undefined ? {} : { albDnsName }),
        ...(albArn === undefined ? {} : { albArn }),
      })),
    ),
    [name.maxLookupsPerRun]: String(settings.maxLookupsPerRun),
    [name.runsBeforeDeregistration]: String(settings.runsBeforeDeregistration),
    [name.schedulePeriodSeconds]: String(settings.schedulePeriodSeconds),
    [name.publishIpCountMetric]: String(settings.publishIpCountMetric),
    [name.sameVpc]: String(settings.sameVpc),
    [name.nlbZones]: settings.nlbZones.join(","),
    [name.crossZone]: String(settings.crossZone),
    // DNS is the function's default, so only ENI discovery is written out.
    ...(settings.discovery.mode === "eni"
      ? { [name.discovery]: settings.discovery.mode, [name.albArn]: settings.discovery.albArn }
      : {}),
  };
}
