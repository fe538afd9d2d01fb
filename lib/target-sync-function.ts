import { existsSync } from "node:fs";
import { join } from "node:path";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { AssetType, Fn, TerraformAsset } from "cdktf";
import { Construct } from "constructs";
import { syncEnvironment } from "../functions/target-sync/contract";
import { FUNCTION_DEFAULTS, type LOG_LEVELS } from "./defaults";
import type { AlbTargetGroup } from "./static-ip-front";
import { syncInputsProblem, syncSettingsOf } from "./sync-function-inputs";
import { LAMBDA_TRUST_POLICY, targetSyncPolicy } from "./target-sync-policy";
import { atAddress } from "./terraform-names";
import { ValidationError } from "./validation-error";

/** The blog's address for the role and its policy. */
const ROLE_ADDRESS = "static_lb_lambda";
const FUNCTION_ADDRESS = "static_lb_sync";

export interface TargetSyncFunctionProps {
  /** Name of the function, its role and its log group (`/aws/lambda/<name>`). */
  readonly functionName: string;
  /** Folder holding the built handler, `index.js` exporting `handler` (`npm run build` writes it). */
  readonly bundleDir: string;
  /** DNS name of the ALB whose IPs become targets. */
  readonly albDnsName: string;
  /** The bucket holding the function's state. */
  readonly stateBucket: { readonly name: string; readonly arn: string };
  /**
   * The target groups to keep in sync, each with the ALB port its targets get, and the DNS name (and, for ENI
   * discovery, the ARN) of its own ALB when it is not `albDnsName`.
   */
  readonly targetGroups: readonly (Pick<AlbTargetGroup, "arn" | "albPort"> & {
    readonly albDnsName?: string;
    readonly albArn?: string;
  })[];
  /**
   * Memory in MB.
   * @default FUNCTION_DEFAULTS.memorySize
   */
  readonly memorySize?: number;
  /**
   * Timeout in seconds; keep it under the schedule's period so that runs do not pile up.
   * @default FUNCTION_DEFAULTS.timeoutSeconds
   */
  readonly timeoutSeconds?: number;
  /**
   * Most DNS lookups of the ALB name in one run (`MAX_LOOKUP_PER_INVOCATION`), a hard cap on the stopping rule.
   * @default DEFAULTS.maxLookupsPerRun
   */
  readonly maxLookupsPerRun?: number;
  /**
   * Runs in a row an IP must be missing from DNS before it is deregistered (`INVOCATIONS_BEFORE_DEREGISTRATION`).
   * @default DEFAULTS.runsBeforeDeregistration
   */
  readonly runsBeforeDeregistration?: number;
  /**
   * Seconds between two runs of the schedule that invokes it, as `schedulePeriodSeconds` derives them from the
   * expression (`SCHEDULE_PERIOD_SECONDS`): a run within half of it of the last counted miss counts none.
   * @default DEFAULTS.schedulePeriodSeconds
   */
  readonly schedulePeriodSeconds?: number;
  /**
   * Publish the ALB's IP count as a metric (`CW_METRIC_FLAG_IP_COUNT`).
   * @default DEFAULTS.publishIpCountMetric
   */
  readonly publishIpCountMetric?: boolean;
  /**
   * The function's log level, set through Lambda's logging controls (the application log level): DEBUG adds a line
   * per AWS call.
   * @default FUNCTION_DEFAULTS.logLevel
   */
  readonly logLevel?: (typeof LOG_LEVELS)[number];
  /**
   * Days the function's logs are kept.
   * @default FUNCTION_DEFAULTS.logRetentionDays
   */
  readonly logRetentionDays?: number;
  /**
   * Whether the ALB is in the NLB's VPC; when not (peering, Transit Gateway), targets are registered with
   * `AvailabilityZone: "all"` (`SAME_VPC`).
   * @default DEFAULTS.sameVpc
   */
  readonly sameVpc?: boolean;
  /**
   * Reserve a concurrency of 1, so that runs never overlap. Turn off in accounts whose concurrency quota is still
   * the new-account 10, where Lambda refuses any reservation (overlapping runs stay safe: state writes are
   * conditional).
   * @default FUNCTION_DEFAULTS.reserveConcurrency
   */
  readonly reserveConcurrency?: boolean;
  /**
   * Where the ALB's IPs come from: its DNS answers, or (`"eni"`) its network interfaces, exact in one EC2 call,
   * which adds `ec2:DescribeNetworkInterfaces` to the role (`DISCOVERY`).
   * @default DEFAULTS.discovery
   */
  readonly discovery?: "dns" | "eni";
  /** The NLB's zones, one static IP each, which the function checks every ALB node reaches (`NLB_ZONES`). */
  readonly nlbZones: readonly string[];
  /**
   * Whether the NLB balances across zones (`CROSS_ZONE`): with it off, a zone without a healthy ALB node cuts its
   * static IP off, and the function says so.
   */
  readonly crossZone: boolean;
  /**
   * The ALB's ARN, which ENI discovery lists the interfaces by (`ALB_ARN`).
   * @default - none; required when `discovery` is `"eni"`
   */
  readonly albArn?: string;
}

/**
 * The one function that keeps every target group equal to the ALB's current IPs, with its log group and a role
 * that can touch nothing else.
 */
export class TargetSyncFunction extends Construct {
  readonly function: LambdaFunction;

  constructor(scope: Construct, id: string, props: TargetSyncFunctionProps) {
    super(scope, id);
    if (!existsSync(join(props.bundleDir, "index.js"))) {
      throw new ValidationError(
        `bundleDir: no index.js in ${props.bundleDir}; run \`npm run build\` to build the function first`,
        this,
      );
    }
    if (props.targetGroups.length === 0) {
      throw new ValidationError("targetGroups must list at least one target group", this);
    }
    const problem = syncInputsProblem(props);
    if (problem) throw new ValidationError(problem, this);
    const settings = syncSettingsOf(props);
    const discovery = settings.discovery;

    const logGroup = atAddress(
      new CloudwatchLogGroup(this, "log-group", {
        name: `/aws/lambda/${props.functionName}`,
        retentionInDays: props.logRetentionDays ?? FUNCTION_DEFAULTS.logRetentionDays,
      }),
      FUNCTION_ADDRESS,
    );
    const role = atAddress(
      new IamRole(this, "role", {
        name: props.functionName,
        description: "Keeps the static-IP NLB's target groups equal to the ALB's IPs",
        assumeRolePolicy: JSON.stringify(LAMBDA_TRUST_POLICY),
      }),
      ROLE_ADDRESS,
    );
    const policy = atAddress(
      new IamRolePolicy(this, "policy", {
        name: props.functionName,
        role: role.id,
        policy: Fn.jsonencode(
          targetSyncPolicy({
            logGroupArn: logGroup.arn,
            stateBucketArn: props.stateBucket.arn,
            targetGroupArns: props.targetGroups.map((group) => group.arn),
            listsNetworkInterfaces: discovery.mode === "eni",
          }),
        ),
      }),
      ROLE_ADDRESS,
    );

    const bundle = new TerraformAsset(this, "bundle", { path: props.bundleDir, type: AssetType.ARCHIVE });
    this.function = atAddress(
      new LambdaFunction(this, "function", {
        functionName: props.functionName,
        role: role.arn,
        runtime: "nodejs22.x",
        architectures: ["arm64"],
        handler: "index.handler",
        filename: bundle.path,
        sourceCodeHash: bundle.assetHash,
        memorySize: props.memorySize ?? FUNCTION_DEFAULTS.memorySize,
        timeout: props.timeoutSeconds ?? FUNCTION_DEFAULTS.timeoutSeconds,
        // One run at a time: overlapping runs would race on the same state (conditional writes catch it anyway).
        ...((props.reserveConcurrency ?? FUNCTION_DEFAULTS.reserveConcurrency)
          ? { reservedConcurrentExecutions: 1 }
          : {}),
        loggingConfig: {
          logFormat: "JSON",
          logGroup: logGroup.name,
          applicationLogLevel: props.logLevel ?? FUNCTION_DEFAULTS.logLevel,
        },
        environment: {
          variables: {
            ...syncEnvironment(settings, Fn.jsonencode),
            // Stack traces through the bundle's source maps: `dns-discovery.ts:74`, not `index.js:59:183077`.
            NODE_OPTIONS: "--enable-source-maps",
          },
        },
        // The first run must find its log group and its permissions in place.
        dependsOn: [logGroup, policy],
      }),
      FUNCTION_ADDRESS,
    );
  }
}
