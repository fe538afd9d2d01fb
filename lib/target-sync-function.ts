import { existsSync } from "node:fs";
import { join } from "node:path";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { AssetType, Fn, TerraformAsset } from "cdktf";
import { Construct } from "constructs";
import type { AlbTargetGroup } from "./static-ip-front";
import { LAMBDA_TRUST_POLICY, targetSyncPolicy } from "./target-sync-policy";
import { atAddress } from "./terraform-names";

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
  /** The target groups to keep in sync, each with the ALB port its targets get. */
  readonly targetGroups: readonly AlbTargetGroup[];
  /**
   * Memory in MB.
   * @default 128
   */
  readonly memorySize?: number;
  /**
   * Timeout in seconds; keep it under the schedule's period so that runs do not pile up.
   * @default 60
   */
  readonly timeoutSeconds?: number;
  /**
   * Most DNS lookups of the ALB name in one run (`MAX_LOOKUP_PER_INVOCATION`), a hard cap on the stopping rule.
   * @default 600
   */
  readonly maxLookupsPerRun?: number;
  /**
   * Runs in a row an IP must be missing from DNS before it is deregistered (`INVOCATIONS_BEFORE_DEREGISTRATION`).
   * @default 10
   */
  readonly runsBeforeDeregistration?: number;
  /**
   * Publish the ALB's IP count as a metric (`CW_METRIC_FLAG_IP_COUNT`).
   * @default true
   */
  readonly publishIpCountMetric?: boolean;
  /**
   * Days the function's logs are kept.
   * @default 30
   */
  readonly logRetentionDays?: number;
  /**
   * Whether the ALB is in the NLB's VPC; when not (peering, Transit Gateway), targets are registered with
   * `AvailabilityZone: "all"` (`SAME_VPC`).
   * @default true
   */
  readonly sameVpc?: boolean;
  /**
   * Reserve a concurrency of 1, so that runs never overlap. Turn off in accounts whose concurrency quota is still
   * the new-account 10, where Lambda refuses any reservation (overlapping runs stay safe: state writes are
   * conditional).
   * @default true
   */
  readonly reserveConcurrency?: boolean;
  /**
   * Where the ALB's IPs come from: its DNS answers, or (`"eni"`) its network interfaces, exact in one EC2 call,
   * which adds `ec2:DescribeNetworkInterfaces` to the role (`DISCOVERY`).
   * @default "dns"
   */
  readonly discovery?: "dns" | "eni";
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
      throw new Error(
        `TargetSyncFunction: bundleDir: no index.js in ${props.bundleDir}; run \`npm run build\` to build the function first`,
      );
    }
    if (props.targetGroups.length === 0) {
      throw new Error("TargetSyncFunction: targetGroups must list at least one target group");
    }
    const eni = props.discovery === "eni";
    if (eni && !props.albArn) {
      throw new Error(
        'TargetSyncFunction: albArn is required when discovery is "eni": the interfaces are listed by it',
      );
    }

    const logGroup = atAddress(
      new CloudwatchLogGroup(this, "log-group", {
        name: `/aws/lambda/${props.functionName}`,
        retentionInDays: props.logRetentionDays ?? 30,
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
            listsNetworkInterfaces: eni,
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
        memorySize: props.memorySize ?? 128,
        timeout: props.timeoutSeconds ?? 60,
        // One run at a time: overlapping runs would race on the same state (conditional writes catch it anyway).
        ...((props.reserveConcurrency ?? true) ? { reservedConcurrentExecutions: 1 } : {}),
        loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
        environment: {
          variables: {
            ALB_DNS_NAME: props.albDnsName,
            S3_BUCKET: props.stateBucket.name,
            TARGET_GROUPS: Fn.jsonencode(props.targetGroups.map((group) => ({ arn: group.arn, port: group.albPort }))),
            MAX_LOOKUP_PER_INVOCATION: String(props.maxLookupsPerRun ?? 600),
            INVOCATIONS_BEFORE_DEREGISTRATION: String(props.runsBeforeDeregistration ?? 10),
            CW_METRIC_FLAG_IP_COUNT: String(props.publishIpCountMetric ?? true),
            SAME_VPC: String(props.sameVpc ?? true),
            ...(eni ? { DISCOVERY: "eni", ALB_ARN: props.albArn } : {}),
          },
        },
        // The first run must find its log group and its permissions in place.
        dependsOn: [logGroup, policy],
      }),
      FUNCTION_ADDRESS,
    );
  }
}
