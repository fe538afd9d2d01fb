import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
import type { Construct } from "constructs";
import { DEFAULTS } from "../functions/target-sync/contract";
import { configureBackend } from "./backend";
import type { StaticIpConfig } from "./config";
import { NlbAllowlist } from "./nlb-allowlist";
import { schedulePeriodSeconds, shortestScheduleGapSeconds } from "./schedule-expression";
import { StateBucket } from "./state-bucket";
import { StaticIpFront } from "./static-ip-front";
import { StaticIpMonitoring } from "./static-ip-monitoring";
import { SyncSchedule } from "./sync-schedule";
import { TargetSyncFunction } from "./target-sync-function";
import { atAddress, terraformId } from "./terraform-names";

export interface StaticIpStackProps {
  /** The validated configuration (`loadConfig`). */
  readonly config: StaticIpConfig;
  /** Folder of the built sync function (`dist/functions/target-sync`). */
  readonly functionBundleDir: string;
}

/**
 * Static IPs for an ALB: the NLB front (behind an allowlist, if any) and, unless the ALB itself is the target, the
 * state bucket and the sync function on its schedule.
 */
export class StaticIpStack extends TerraformStack {
  constructor(scope: Construct, id: string, { config, functionBundleDir }: StaticIpStackProps) {
    super(scope, id);
    configureBackend(this, config.backend);
    new AwsProvider(this, "aws", { region: config.region, defaultTags: [{ tags: { Project: config.stackName } }] });

    // Environment-specific inputs stay Terraform variables (named as in the blog), so -var and TF_VAR_* still work.
    const vpcId = stringVariable(this, "vpc_id", config.vpcId, "VPC of the NLB's target groups");
    const albDnsName = stringVariable(this, "alb_dns_name", config.albDnsName, "DNS name of the ALB behind the NLB");
    const albTargets = config.targets === "alb";
    const albArn =
      (albTargets || config.function.discovery === "eni") && config.albArn !== undefined
        ? stringVariable(this, "alb_arn", config.albArn, "ARN of the ALB behind the NLB")
        : undefined;
    const zones = config.zones.map(({ publicSubnetId, ...zone }) => ({
      ...zone,
      subnetId: stringVariable(
        this,
        terraformId("public_subnet", zone.availabilityZone),
        publicSubnetId,
        `${config.scheme === "internal" ? "Subnet" : "Public subnet"} of the NLB in ${zone.availabilityZone}`,
      ),
    }));

    const allowlisted = config.allowedSources !== undefined || config.ports.some((entry) => entry.allowedSources);
    const allowlist = allowlisted
      ? new NlbAllowlist(this, "allowlist", {
          namePrefix: config.namePrefix,
          vpcId,
          ports: config.ports.map(({ port, albPort = port, allowedSources = config.allowedSources ?? [] }) => ({
            port,
            albPort,
            allowedSources,
          })),
          healthCheckPort: config.healthCheck?.port,
          albSecurityGroupId: config.albSecurityGroupId,
        })
      : undefined;

    const front = new StaticIpFront(this, "front", {
      namePrefix: config.namePrefix,
      vpcId,
      zones,
      scheme: config.scheme,
      ipAddressType: config.ipAddressType,
      ports: config.ports,
      protectStaticIps: config.protectStaticIps,
      protectLoadBalancer: config.protectLoadBalancer,
      crossZone: config.crossZone,
      adoptAddressPrefix: config.adoptAddressPrefix,
      albTarget: albTargets && albArn !== undefined ? { albArn, healthCheck: config.healthCheck } : undefined,
      securityGroup: allowlist?.securityGroup,
    });
    const sync = albTargets ? undefined : this.syncFunction(config, functionBundleDir, albDnsName, albArn, front);

    if (config.alarms) {
      const { topicArn, emails, ...thresholds } = config.alarms;
      const monitoring = new StaticIpMonitoring(this, "monitoring", {
        namePrefix: config.namePrefix,
        region: config.region,
        notification: topicArn === undefined ? { emails: emails ?? [] } : { topicArn },
        loadBalancerArnSuffix: front.loadBalancer.arnSuffix,
        targetGroups: front.targetGroups,
        // With the ALB as the target there is no function to watch: only the targets' health.
        syncFunction: sync && {
          functionName: sync.function.functionName,
          periodSeconds: schedulePeriodSeconds(config.function.schedule),
          ipCountMetric: config.function.publishIpCountMetric
            ? { namespace: DEFAULTS.metricNamespace, albDnsName }
            : undefined,
        },
        thresholds,
      });
      new TerraformOutput(this, "dashboard_url", {
        value: monitoring.dashboardUrl,
        description: "The CloudWatch dashboard of the static IPs",
      });
    }

    new TerraformOutput(this, "static_ips", { value: front.staticIps, description: "The NLB's static IPs" });
    if (config.ipAddressType === "dualstack") {
      new TerraformOutput(this, "static_ipv6s", {
        value: front.staticIpv6s,
        description: "The NLB's static IPv6 addresses",
      });
    }
    new TerraformOutput(this, "nlb_dns_name", { value: front.loadBalancer.dnsName });
    new TerraformOutput(this, "target_group_arns", {
      value: Object.fromEntries(front.targetGroups.map((group) => [String(group.listenerPort), group.arn])),
      description: "Target group ARN by NLB port",
    });
    if (sync) new TerraformOutput(this, "sync_function_name", { value: sync.function.functionName });
  }

  /** The state bucket and the sync function on its schedule, which keep IP target groups equal to the ALB's IPs. */
  private syncFunction(
    config: StaticIpConfig,
    bundleDir: string,
    albDnsName: string,
    albArn: string | undefined,
    front: StaticIpFront,
  ): TargetSyncFunction {
    const state = new StateBucket(this, "state", {
      bucketName: config.stateBucket,
      noncurrentVersionRetentionDays: config.stateVersionRetentionDays,
    });
    const sync = new TargetSyncFunction(this, "sync", {
      functionName: `${config.namePrefix}-static-ip-sync`,
      bundleDir,
      albDnsName,
      stateBucket: { name: state.bucket.id, arn: state.bucket.arn },
      targetGroups: front.targetGroups,
      albArn,
      discovery: config.function.discovery,
      memorySize: config.function.memorySize,
      timeoutSeconds: config.function.timeoutSeconds,
      maxLookupsPerRun: config.function.maxLookupsPerRun,
      runsBeforeDeregistration: config.function.runsBeforeDeregistration,
      schedulePeriodSeconds: shortestScheduleGapSeconds(config.function.schedule),
      publishIpCountMetric: config.function.publishIpCountMetric,
      logRetentionDays: config.function.logRetentionDays,
      logLevel: config.function.logLevel,
      sameVpc: config.function.sameVpc,
      reserveConcurrency: config.function.reserveConcurrency,
      nlbZones: config.zones.map((zone) => zone.availabilityZone),
      crossZone: config.crossZone,
    });
    new SyncSchedule(this, "schedule", {
      ruleName: `${config.namePrefix}-static-ip-sync`,
      function: sync.function,
      schedule: config.function.schedule,
    });

    return sync;
  }
}

function stringVariable(stack: TerraformStack, name: string, defaultValue: string, description: string): string {
  return atAddress(new TerraformVariable(stack, name, { type: "string", default: defaultValue, description }), name)
    .stringValue;
}
