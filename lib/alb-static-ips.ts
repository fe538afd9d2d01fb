import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import type { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import type { Lb } from "@cdktf/provider-aws/lib/lb";
import type { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { TerraformStack, Token } from "cdktf";
import { Construct } from "constructs";
import { DEFAULTS } from "../functions/target-sync/contract";
import { regionNameOf } from "./aws-region-name";
import { propsProblems } from "./config";
import { ALARM_DEFAULTS, FUNCTION_DEFAULTS, type LOG_LEVELS, STATE_BUCKET_DEFAULTS } from "./defaults";
import { targetSyncBundleDir } from "./function-bundle";
import { NlbAllowlist } from "./nlb-allowlist";
import { DEFAULT_SCHEDULE, schedulePeriodSeconds } from "./schedule-expression";
import { servedAlbs } from "./served-albs";
import { StateBucket } from "./state-bucket";
import { type AlbHealthCheck, StaticIpFront } from "./static-ip-front";
import { StaticIpMonitoring } from "./static-ip-monitoring";
import { syncFunctionInputs } from "./sync-function-inputs";
import { SyncSchedule } from "./sync-schedule";
import { TargetSyncFunction } from "./target-sync-function";
import { atAddress, scopeAddresses } from "./terraform-names";
import { ValidationError } from "./validation-error";

export type { AlbHealthCheck } from "./static-ip-front";

/** A zone of the NLB: one static IP (and one static IPv6 address, dual-stack), in one subnet. */
export interface AlbStaticIpsZone {
  /**
   * Availability zone name, like `us-east-1a`. A literal, not a token: it is part of the Elastic IP's Terraform
   * address, so that removing another zone never moves this one's IP.
   */
  readonly availabilityZone: string;
  /** Id of the subnet of the NLB in that zone (`subnet.id`): a public one, unless `scheme` is `internal`. */
  readonly publicSubnetId: string;
  /**
   * The zone's static IPv6 address, in the subnet's IPv6 CIDR (a token such as `Fn.cidrhost(subnet.ipv6CidrBlock,
   * 16)` too): required with `ipAddressType` `dualstack`, refused without. AWS sets it only when it creates the NLB
   * or adds the zone: changing it replaces the NLB, which `protectLoadBalancer` refuses.
   * @default - none: an IPv4-only NLB
   */
  readonly ipv6Address?: string;
  /**
   * The subnet's IPv6 CIDR (`subnet.ipv6CidrBlock`), only to check that a literal `ipv6Address` lies in it.
   * @default - not checked: AWS refuses an address outside the subnet when it creates the NLB
   */
  readonly subnetIpv6CidrBlock?: string;
  /**
   * The zone's static private IPv4 address, in the subnet: required with `scheme` `internal`, refused without. AWS
   * sets it only when it creates the NLB or adds the zone: changing it replaces the NLB.
   * @default - none: an internet-facing NLB, whose static IPs are Elastic IPs
   */
  readonly privateIpv4Address?: string;
}

/** A port of the static IPs, forwarded to a port of the ALB. */
export interface AlbStaticIpsPort {
  /** Port the NLB listens on, from 1 to 65535. A literal: it is part of its listener's Terraform address. */
  readonly port: number;
  /**
   * ALB listener port the traffic goes to. A literal.
   * @default - the same as `port`
   */
  readonly albPort?: number;
  /**
   * IPv4 and IPv6 CIDRs admitted on this port, instead of `allowedSources` (IPv6 ones with `dualstack` only).
   * @default - `allowedSources`
   */
  readonly allowedSources?: readonly string[];
  /**
   * DNS name of this port's own ALB (`admin.dnsName`), so that one set of static IPs serves several ALBs.
   * @default - the top-level `albDnsName`
   */
  readonly albDnsName?: string;
  /**
   * ARN of this port's own ALB (`admin.arn`): needed by targets `alb`, and by discovery `eni` with `albDnsName`.
   * @default - the top-level `albArn` (for a port of the top-level ALB)
   */
  readonly albArn?: string;
}

/** Alarms and where they go: an existing SNS topic (`topicArn`), or a new one e-mailing `emails`; one of the two. */
export interface AlbStaticIpsAlarms {
  /**
   * ARN of an existing SNS topic to notify.
   * @default - none: give `emails` instead
   */
  readonly topicArn?: string;
  /**
   * E-mail addresses a new SNS topic notifies (each confirms its subscription first).
   * @default - none: give `topicArn` instead
   */
  readonly emails?: readonly string[];
  /**
   * Failed sync runs in a row before the alarm.
   * @default 3
   */
  readonly failedRuns?: number;
  /**
   * Schedule periods in a row without a run before the alarm.
   * @default 3
   */
  readonly missedRuns?: number;
  /**
   * Minutes in a row a target group has no healthy target before the alarm.
   * @default 2
   */
  readonly unhealthyMinutes?: number;
  /**
   * Schedule periods in a row the function finds no ALB IP (or says nothing) before the alarm.
   * @default 3
   */
  readonly noIpPeriods?: number;
  /**
   * Schedule periods in a row a static IP reaches no ALB node (cross-zone off) before the alarm.
   * @default 3
   */
  readonly cutOffPeriods?: number;
}

/** The sync function's settings (targets `sync` only). */
export interface AlbStaticIpsFunction {
  /**
   * Memory in MB, from 128 to 10240.
   * @default 128
   */
  readonly memorySize?: number;
  /**
   * Timeout in seconds, from 1 to 900.
   * @default 60
   */
  readonly timeoutSeconds?: number;
  /**
   * EventBridge schedule expression, `rate(...)` or `cron(...)`.
   * @default "rate(1 minute)"
   */
  readonly schedule?: string;
  /**
   * Most DNS lookups of the ALB's name in one run.
   * @default 600
   */
  readonly maxLookupsPerRun?: number;
  /**
   * Runs in a row an IP must be missing before it is deregistered.
   * @default 10
   */
  readonly runsBeforeDeregistration?: number;
  /**
   * Publish the ALB's IP count (and zones cut off) as CloudWatch metrics.
   * @default true
   */
  readonly publishIpCountMetric?: boolean;
  /**
   * Days the function's logs are kept: one of CloudWatch Logs' retention periods.
   * @default 30
   */
  readonly logRetentionDays?: number;
  /**
   * Whether the ALB is in the NLB's VPC; when not (peering, Transit Gateway), targets are registered in zone `all`.
   * @default true
   */
  readonly sameVpc?: boolean;
  /**
   * The function's log level: `DEBUG`, `INFO`, `WARN` or `ERROR`.
   * @default "INFO"
   */
  readonly logLevel?: (typeof LOG_LEVELS)[number];
  /**
   * Reserve a concurrency of 1, so that runs never overlap (turn off where the account's quota is still 10).
   * @default true
   */
  readonly reserveConcurrency?: boolean;
  /**
   * Where the ALB's IPs come from: its DNS answers (`dns`), or its network interfaces (`eni`, which needs `albArn`).
   * @default "dns"
   */
  readonly discovery?: "dns" | "eni";
}

/**
 * Static IPs for an ALB, in your own stack. Ids, names, ARNs and CIDRs may be tokens of your own resources
 * (`vpc.id`, `subnet.id`, `alb.dnsName`, `alb.arn`): what is known at synth is checked, and a token is left to
 * Terraform. Zone names and numbers (ports, settings), and the names of modes and schedules, must be literals: the
 * construct is built from them, and zones and ports are part of Terraform addresses.
 */
export interface AlbStaticIpsProps {
  /** Id of the VPC of the NLB's target groups (`vpc.id`). */
  readonly vpcId: string;
  /** DNS name of the ALB (`alb.dnsName`), whose IPs the sync function keeps registered; a port may name its own. */
  readonly albDnsName: string;
  /**
   * One static IP per zone, in that zone's subnet: an Elastic IP, or with `scheme` `internal` the zone's
   * `privateIpv4Address`.
   */
  readonly zones: readonly AlbStaticIpsZone[];
  /** One TCP listener and target group per port. */
  readonly ports: readonly AlbStaticIpsPort[];
  /**
   * ARN of the ALB (`alb.arn`): required by targets `alb` and by discovery `eni` for the ports of this ALB.
   * @default - none
   */
  readonly albArn?: string;
  /**
   * AWS region of the ALB, for the dashboard and for checking zone names.
   * @default - the region of the stack's AWS provider
   */
  readonly region?: string;
  /**
   * Prefix of every AWS name (NLB `<prefix>-public`, function `<prefix>-static-ip-sync`, …): lower-case letters,
   * digits and inner hyphens, at most 19 characters. AWS cannot rename an NLB, so a deployed one keeps its prefix.
   * @default - the construct's id in lower case, other characters as hyphens
   */
  readonly namePrefix?: string;
  /**
   * Name of the bucket holding the sync function's state.
   * @default - a unique name Terraform makes up, beginning `<namePrefix>-static-ip-`
   */
  readonly stateBucket?: string;
  /**
   * Days a replaced state version is kept.
   * @default 30
   */
  readonly stateVersionRetentionDays?: number;
  /**
   * Refuse to destroy the Elastic IPs: a released static IP cannot be had back. False with `scheme` `internal`, which
   * has none (on a deployed internet-facing NLB the switch releases them).
   * @default true
   */
  readonly protectStaticIps?: boolean;
  /**
   * Refuse to destroy (and so to replace) the NLB.
   * @default true
   */
  readonly protectLoadBalancer?: boolean;
  /**
   * Let each static IP reach healthy ALB nodes in every zone, not only its own.
   * @default true
   */
  readonly crossZone?: boolean;
  /**
   * Address prefix of a state to adopt in place, like `app` for the blog's `aws_eip.app_us_east_1a`.
   * @default - none: no `moved` blocks
   */
  readonly adoptAddressPrefix?: string;
  /**
   * How targets are kept: by the sync function (`sync`, IP targets) or by AWS (`alb`, the ALB itself as the target).
   * @default "sync"
   */
  readonly targets?: "sync" | "alb";
  /**
   * The health check of the ALB targets (targets `alb` only).
   * @default - HTTPS to port 443, HTTP elsewhere; path `/`, codes `200-399`
   */
  readonly healthCheck?: AlbHealthCheck;
  /**
   * IPv4 and IPv6 CIDRs admitted on every port (a port's own `allowedSources` wins); IPv6 ones with `dualstack`
   * only. Gives the NLB a security group.
   * @default - none: the static IPs admit everyone
   */
  readonly allowedSources?: readonly string[];
  /**
   * `internal`: an NLB reached only from its VPC and what is routed to it (VPN, Direct Connect, peering, a Transit
   * Gateway), at each zone's `privateIpv4Address`, with no Elastic IPs (so `protectStaticIps` must be false). A
   * literal. AWS sets the scheme only when it creates the NLB: changing it replaces the NLB.
   * @default "internet-facing"
   */
  readonly scheme?: "internet-facing" | "internal";
  /**
   * `dualstack`: IPv6 clients too, at each zone's `ipv6Address`; the NLB translates them to the IPv4 target groups.
   * A literal. Turning it on replaces the NLB, which `protectLoadBalancer` refuses.
   * @default "ipv4"
   */
  readonly ipAddressType?: "ipv4" | "dualstack";
  /**
   * The ALB's security group, opened to the NLB's on the ALB ports (needs an allowlist).
   * @default - none: no rule on the ALB's group
   */
  readonly albSecurityGroupId?: string;
  /**
   * CloudWatch alarms and a dashboard.
   * @default - none
   */
  readonly alarms?: AlbStaticIpsAlarms;
  /**
   * The sync function's settings (targets `sync` only).
   * @default - each setting's own default
   */
  readonly function?: AlbStaticIpsFunction;
}

/**
 * Static IPs for an ALB: one Elastic IP per zone on an internet-facing NLB (or a fixed private IPv4 address per zone
 * on an internal one; either one dual-stack, with a fixed IPv6 address per zone too), forwarding each port over TCP to
 * the ALB, behind an allowlist if one is given; unless the ALB itself is the target, a scheduled function keeps the
 * ALB's IPs registered, with its state in a bucket of its own; alarms and a dashboard if asked for.
 *
 * It makes no provider and no backend: the stack it is in has them. Its Terraform addresses begin with its id
 * (`aws_eip.StaticIps_us_east_1a`), so that two in one stack do not collide; with the id `Default` they are the
 * `alb-static-ip` app's own (`aws_eip.us_east_1a`), for taking over a stack the app deployed.
 */
export class AlbStaticIps extends Construct {
  /** The static IPs, one per zone, in the order of `zones`: Elastic IPs, or the private IPv4 addresses (internal). */
  readonly staticIps: readonly string[];
  /** The static IPv6 addresses, one per zone in the order of `zones`, as AWS writes them; none unless dual-stack. */
  readonly staticIpv6s: readonly string[];
  /** The NLB. */
  readonly loadBalancer: Lb;
  /** Each NLB port's target group ARN. */
  readonly targetGroupArns: Readonly<Record<number, string>>;
  /** The sync function; undefined with targets `alb`. */
  readonly syncFunction: LambdaFunction | undefined;
  /** The bucket holding the function's state; undefined with targets `alb`. */
  readonly stateBucket: S3Bucket | undefined;
  /** The CloudWatch dashboard's URL; undefined without `alarms`. */
  readonly dashboardUrl: string | undefined;
  /** Prefix of every AWS name. */
  readonly namePrefix: string;

  constructor(scope: Construct, id: string, props: AlbStaticIpsProps) {
    super(scope, id);
    scopeAddresses(this);
    this.namePrefix = props.namePrefix ?? defaultNamePrefix(this);
    validate(this, props);

    const allowlisted = props.allowedSources !== undefined || props.ports.some((entry) => entry.allowedSources);
    const allowlist = allowlisted
      ? new NlbAllowlist(this, "allowlist", {
          namePrefix: this.namePrefix,
          vpcId: props.vpcId,
          ports: props.ports.map(({ port, albPort = port, allowedSources = props.allowedSources ?? [] }) => ({
            port,
            albPort,
            allowedSources,
          })),
          healthCheckPort: props.healthCheck?.port,
          albSecurityGroupId: props.albSecurityGroupId,
        })
      : undefined;

    const albTargets = props.targets === "alb";
    const front = new StaticIpFront(this, "front", {
      namePrefix: this.namePrefix,
      vpcId: props.vpcId,
      zones: props.zones.map(({ publicSubnetId, ...zone }) => ({ ...zone, subnetId: publicSubnetId })),
      scheme: props.scheme,
      ipAddressType: props.ipAddressType,
      ports: props.ports,
      protectStaticIps: props.protectStaticIps,
      protectLoadBalancer: props.protectLoadBalancer,
      crossZone: props.crossZone,
      adoptAddressPrefix: props.adoptAddressPrefix,
      albTarget: albTargets ? { albArn: props.albArn, healthCheck: props.healthCheck } : undefined,
      securityGroup: allowlist?.securityGroup,
    });
    this.staticIps = front.staticIps;
    this.staticIpv6s = front.staticIpv6s;
    this.loadBalancer = front.loadBalancer;
    this.targetGroupArns = Object.fromEntries(front.targetGroups.map((group) => [group.listenerPort, group.arn]));

    const settings = props.function ?? {};
    const sync = albTargets ? undefined : this.keepTargetsSynced(props, settings, front);
    this.syncFunction = sync?.function.function;
    this.stateBucket = sync?.bucket;

    if (props.alarms) {
      const { topicArn, emails, ...thresholds } = props.alarms;
      const monitoring = new StaticIpMonitoring(this, "monitoring", {
        namePrefix: this.namePrefix,
        region: props.region ?? regionNameOf(atAddress(new DataAwsRegion(this, "region"), "current")),
        notification: topicArn === undefined ? { emails: emails ?? [] } : { topicArn },
        loadBalancerArnSuffix: front.loadBalancer.arnSuffix,
        targetGroups: front.targetGroups,
        // With the ALB as the target there is no function to watch: only the targets' health.
        syncFunction: sync && {
          functionName: sync.function.function.functionName,
          periodSeconds: schedulePeriodSeconds(settings.schedule ?? DEFAULT_SCHEDULE),
          ipCountMetric:
            (settings.publishIpCountMetric ?? DEFAULTS.publishIpCountMetric)
              ? { namespace: DEFAULTS.metricNamespace, albs: servedAlbs(props.albDnsName, props.ports) }
              : undefined,
        },
        thresholds: { ...ALARM_DEFAULTS, ...thresholds },
      });
      this.dashboardUrl = monitoring.dashboardUrl;
    }
  }

  /** The state bucket and the sync function on its schedule, which keep IP target groups equal to the ALB's IPs. */
  private keepTargetsSynced(
    props: AlbStaticIpsProps,
    settings: AlbStaticIpsFunction,
    front: StaticIpFront,
  ): { readonly function: TargetSyncFunction; readonly bucket: S3Bucket } {
    const state = new StateBucket(this, "state", {
      bucketName: props.stateBucket,
      bucketNamePrefix: `${this.namePrefix}-static-ip-`,
      noncurrentVersionRetentionDays:
        props.stateVersionRetentionDays ?? STATE_BUCKET_DEFAULTS.noncurrentVersionRetentionDays,
    });
    const sync = new TargetSyncFunction(this, "sync", {
      ...syncFunctionInputs(props, { stateBucket: state.bucket.id, targetGroups: front.targetGroups }),
      functionName: `${this.namePrefix}-static-ip-sync`,
      bundleDir: targetSyncBundleDir(),
      stateBucket: { name: state.bucket.id, arn: state.bucket.arn },
      memorySize: settings.memorySize ?? FUNCTION_DEFAULTS.memorySize,
      timeoutSeconds: settings.timeoutSeconds ?? FUNCTION_DEFAULTS.timeoutSeconds,
      logRetentionDays: settings.logRetentionDays ?? FUNCTION_DEFAULTS.logRetentionDays,
      logLevel: settings.logLevel ?? FUNCTION_DEFAULTS.logLevel,
      reserveConcurrency: settings.reserveConcurrency ?? FUNCTION_DEFAULTS.reserveConcurrency,
    });
    new SyncSchedule(this, "schedule", {
      ruleName: `${this.namePrefix}-static-ip-sync`,
      function: sync.function,
      schedule: settings.schedule ?? DEFAULT_SCHEDULE,
    });
    return { function: sync, bucket: state.bucket };
  }
}

/** The construct's id as a name prefix: `StaticIps` → `staticips`, `edge_ips` → `edge-ips`. */
function defaultNamePrefix(construct: Construct): string {
  return construct.node.id
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/**
 * Refuses props that cannot make a working stack, naming each wrong field: tokens where the construct needs the value
 * itself, then every literal by the config's own rules (`propsProblems`), then a name prefix another `AlbStaticIps`
 * of the stack already has.
 */
function validate(scope: AlbStaticIps, props: AlbStaticIpsProps): void {
  const problems = [...tokenProblems(props, ""), ...propsProblems({ ...props, namePrefix: scope.namePrefix }, isToken)];
  const namesake = TerraformStack.of(scope)
    .node.findAll()
    .find((other) => other instanceof AlbStaticIps && other !== scope && other.namePrefix === scope.namePrefix);
  if (namesake !== undefined) {
    problems.push(
      `namePrefix: "${scope.namePrefix}" is already the name prefix of ${namesake.node.path}; give each its own`,
    );
  }
  if (problems.length > 0) throw new ValidationError(problems.join("\n"), scope);
}

/** A token, or a list token's one element (`allowedSources: variable.listValue`), which is no CIDR of its own. */
function isToken(value: unknown): boolean {
  return Token.isUnresolved(value) || (typeof value === "string" && Token.isUnresolved([value]));
}

/** Strings the construct reads at synth, by path (list indexes as `[]`); every number is read too. */
const LITERAL_STRINGS = new Set([
  "zones[].availabilityZone",
  "namePrefix",
  "adoptAddressPrefix",
  "targets",
  "scheme",
  "ipAddressType",
  "healthCheck.protocol",
  "function.schedule",
  "function.logLevel",
  "function.discovery",
]);
const IN_ADDRESSES = new Set(["zones[].availabilityZone", "ports[].port"]);

/** Tokens where a literal is needed: zone names and ports (parts of addresses), every number, some strings. */
function tokenProblems(value: unknown, path: string): string[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => tokenProblems(item, `${path}[${index}]`));
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => tokenProblems(item, path === "" ? key : `${path}.${key}`));
  }
  const pattern = path.replace(/\[\d+\]/g, "[]");
  if (!Token.isUnresolved(value) || (typeof value === "string" && !LITERAL_STRINGS.has(pattern))) return [];
  const why = IN_ADDRESSES.has(pattern)
    ? "it is part of Terraform addresses, which are fixed before anything is planned"
    : "the construct is built from its value";
  return [`${path}: expected a literal, not a token: ${why}`];
}
