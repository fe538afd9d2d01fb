import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { METRICS } from "../functions/target-sync/contract";
import { dashboardBody } from "./dashboard-body";
import { ALARM_DEFAULTS } from "./defaults";
import type { ServedAlb } from "./served-albs";
import { atAddress } from "./terraform-names";
import { ValidationError } from "./validation-error";

/** Where alarms go: an existing SNS topic, or a new one with these e-mail subscriptions. */
export type AlarmNotification = { readonly topicArn: string } | { readonly emails: readonly string[] };

/** How long each condition must last before its alarm fires. */
export interface AlarmThresholds {
  /**
   * Failed sync runs in a row (a single failed run is a blip the next run usually mends).
   * @default ALARM_DEFAULTS.failedRuns
   */
  readonly failedRuns?: number;
  /**
   * Schedule periods in a row with no run at all.
   * @default ALARM_DEFAULTS.missedRuns
   */
  readonly missedRuns?: number;
  /**
   * Minutes in a row a target group has no healthy target.
   * @default ALARM_DEFAULTS.unhealthyMinutes
   */
  readonly unhealthyMinutes?: number;
  /**
   * Schedule periods in a row the sync function found no ALB IP, or said nothing.
   * @default ALARM_DEFAULTS.noIpPeriods
   */
  readonly noIpPeriods?: number;
  /**
   * Schedule periods in a row a static IP reaches no ALB node (a zone without one, cross-zone off).
   * @default ALARM_DEFAULTS.cutOffPeriods
   */
  readonly cutOffPeriods?: number;
}

export interface MonitoredSyncFunction {
  readonly functionName: string;
  /** Seconds between two scheduled runs: the period its alarms count in. */
  readonly periodSeconds: number;
  /** The IP-count metric it publishes, if it does, for each ALB it serves. */
  readonly ipCountMetric: { readonly namespace: string; readonly albs: readonly ServedAlb[] } | undefined;
}

export interface StaticIpMonitoringProps {
  /** Prefix of the alarms', topic's and dashboard's names. */
  readonly namePrefix: string;
  readonly region: string;
  readonly notification: AlarmNotification;
  /** The NLB's ARN suffix (`net/<name>/<id>`). */
  readonly loadBalancerArnSuffix: string;
  /** Per NLB port, its target group's ARN suffix. */
  readonly targetGroups: readonly { readonly listenerPort: number; readonly arnSuffix: string }[];
  /**
   * The function that keeps the targets.
   * @default - none: the targets keep themselves (ALB-type target groups), and only their health is watched
   */
  readonly syncFunction?: MonitoredSyncFunction;
  /** @default ALARM_DEFAULTS */
  readonly thresholds?: AlarmThresholds;
}

/** CloudWatch accepts alarm periods of a whole number of minutes, and evaluates at most a day of them. */
const MAX_ALARM_SECONDS = 86400;

/**
 * Tells the operator when a static IP may not work: the sync function failing or not running, a target group with
 * no healthy target, the ALB's IPs not found; and a dashboard to look at instead of the logs.
 */
export class StaticIpMonitoring extends Construct {
  readonly alarms: readonly CloudwatchMetricAlarm[];
  readonly dashboardUrl: string;

  constructor(scope: Construct, id: string, props: StaticIpMonitoringProps) {
    super(scope, id);
    const thresholds = { ...ALARM_DEFAULTS, ...props.thresholds };
    for (const [name, value] of Object.entries(thresholds)) {
      if (!Number.isInteger(value) || value < 1) {
        throw new ValidationError(`thresholds.${name}: expected a whole number of at least 1, got ${value}`, this);
      }
    }
    const topicArn = this.topic(props.notification, props.namePrefix);
    const actions = { alarmActions: [topicArn], okActions: [topicArn] };
    const alarm = (
      suffix: string,
      settings: Omit<ConstructorParameters<typeof CloudwatchMetricAlarm>[2], "alarmName">,
    ) =>
      atAddress(
        new CloudwatchMetricAlarm(this, suffix, {
          alarmName: `${props.namePrefix}-static-ip-${suffix}`,
          ...actions,
          ...settings,
        }),
        suffix,
      );

    const alarms: CloudwatchMetricAlarm[] = props.targetGroups.map((group) =>
      alarm(`no-healthy-target-${group.listenerPort}`, {
        alarmDescription: `NLB port ${group.listenerPort} has no healthy ALB target: its static IPs reach nothing`,
        namespace: "AWS/NetworkELB",
        metricName: "HealthyHostCount",
        dimensions: { TargetGroup: group.arnSuffix, LoadBalancer: props.loadBalancerArnSuffix },
        statistic: "Minimum",
        period: 60,
        evaluationPeriods: thresholds.unhealthyMinutes,
        comparisonOperator: "LessThanThreshold",
        threshold: 1,
        treatMissingData: "breaching",
      }),
    );
    const sync = props.syncFunction;
    if (sync) {
      const period = Math.min(Math.max(60, Math.ceil(sync.periodSeconds / 60) * 60), MAX_ALARM_SECONDS);
      const periods = (wanted: number) => Math.min(wanted, Math.floor(MAX_ALARM_SECONDS / period));
      const lambda = {
        namespace: "AWS/Lambda",
        dimensions: { FunctionName: sync.functionName },
        statistic: "Sum",
        period,
      };
      alarms.push(
        alarm("sync-failing", {
          alarmDescription: `The sync function failed ${thresholds.failedRuns} runs in a row; see its log group`,
          ...lambda,
          metricName: "Errors",
          evaluationPeriods: periods(thresholds.failedRuns),
          comparisonOperator: "GreaterThanOrEqualToThreshold",
          threshold: 1,
          treatMissingData: "notBreaching",
        }),
        alarm("sync-not-running", {
          alarmDescription: `The sync function has not run for ${thresholds.missedRuns} periods; check its schedule`,
          ...lambda,
          metricName: "Invocations",
          evaluationPeriods: periods(thresholds.missedRuns),
          comparisonOperator: "LessThanThreshold",
          threshold: 1,
          treatMissingData: "breaching",
        }),
      );
      const { namespace, albs } = sync.ipCountMetric ?? { namespace: undefined, albs: [] };
      for (const alb of albs) {
        // The top-level ALB's alarms keep the addresses and descriptions they had when it was the only one.
        const suffix = alb.firstPort === undefined ? "" : `-${alb.firstPort}`;
        const which =
          alb.firstPort === undefined
            ? "the ALB"
            : `the ALB of port${alb.ports.length > 1 ? "s" : ""} ${alb.ports.join(", ")}`;
        alarms.push(
          alarm(`no-alb-ips${suffix}`, {
            alarmDescription: `The sync function found no IP of ${which} (or published nothing): targets are not kept`,
            namespace,
            metricName: METRICS.ipCount,
            dimensions: { LoadBalancer: alb.albDnsName },
            statistic: "Minimum",
            period,
            evaluationPeriods: periods(thresholds.noIpPeriods),
            comparisonOperator: "LessThanThreshold",
            threshold: 1,
            // No data means the function did not say: as bad as zero.
            treatMissingData: "breaching",
          }),
          alarm(`cut-off${suffix}`, {
            alarmDescription: `A static IP reaches no ${alb.firstPort === undefined ? "ALB node" : `node of ${which}`}: its zone has no healthy ALB node and cross-zone is off; see the function's WARN line`,
            namespace,
            metricName: METRICS.zonesCutOff,
            dimensions: { LoadBalancer: alb.albDnsName },
            statistic: "Maximum",
            period,
            evaluationPeriods: periods(thresholds.cutOffPeriods),
            comparisonOperator: "GreaterThanOrEqualToThreshold",
            threshold: 1,
            // The function publishes it whenever it runs; silence is the not-running alarm's business.
            treatMissingData: "notBreaching",
          }),
        );
      }
    }
    this.alarms = alarms;

    const dashboard = atAddress(
      new CloudwatchDashboard(this, "dashboard", {
        dashboardName: `${props.namePrefix}-static-ip`,
        dashboardBody: Fn.jsonencode(
          dashboardBody({
            region: props.region,
            loadBalancerArnSuffix: props.loadBalancerArnSuffix,
            targetGroups: props.targetGroups,
            syncFunction: sync && { functionName: sync.functionName, ipCountMetric: sync.ipCountMetric },
            alarmArns: alarms.map((entry) => entry.arn),
          }),
        ),
      }),
      "static_ip",
    );
    this.dashboardUrl = `https://${props.region}.console.aws.amazon.com/cloudwatch/home?region=${props.region}#dashboards:name=${dashboard.dashboardName}`;
  }

  private topic(notification: AlarmNotification, namePrefix: string): string {
    if ("topicArn" in notification) return notification.topicArn;
    if (notification.emails.length === 0) {
      throw new ValidationError("notification.emails: expected at least one address, or a topicArn instead", this);
    }
    const topic = atAddress(
      new SnsTopic(this, "topic", { name: `${namePrefix}-static-ip-alarms` }),
      "static_ip_alarms",
    );
    notification.emails.forEach((email, index) => {
      atAddress(
        new SnsTopicSubscription(this, `email-${index}`, { topicArn: topic.arn, protocol: "email", endpoint: email }),
        "static_ip_alarms_email",
        index,
      );
    });
    return topic.arn;
  }
}
