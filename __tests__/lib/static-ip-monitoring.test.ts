/** StaticIpMonitoring on its own, synthesized in a bare scope: its validation and the resources it alone makes. */

import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Testing } from "cdktf";
import { StaticIpMonitoring, type StaticIpMonitoringProps } from "../../lib/static-ip-monitoring";

const syncFunction = {
  functionName: "edge-static-ip-sync",
  periodSeconds: 60,
  ipCountMetric: {
    namespace: "AlbStaticIp",
    albs: [{ albDnsName: "internal-edge-1.eu-west-1.elb.amazonaws.com", ports: [80, 443], firstPort: undefined }],
  },
};
const props: StaticIpMonitoringProps = {
  namePrefix: "edge",
  region: "eu-west-1",
  notification: { emails: ["ops@example.com", "oncall@example.com"] },
  loadBalancerArnSuffix: "net/edge-public/0123456789abcdef",
  targetGroups: [
    { listenerPort: 80, arnSuffix: "targetgroup/edge-public-80/0123456789abcdef" },
    { listenerPort: 443, arnSuffix: "targetgroup/edge-public-443/0123456789abcdef" },
  ],
  syncFunction,
};

const synth = (overrides: Partial<StaticIpMonitoringProps> = {}) =>
  Testing.synthScope((scope) => {
    new StaticIpMonitoring(scope, "monitoring", { ...props, ...overrides });
  });
const alarmsOf = (synthesized: string) =>
  Object.values(
    (JSON.parse(synthesized) as { resource: { aws_cloudwatch_metric_alarm: Record<string, Record<string, unknown>> } })
      .resource.aws_cloudwatch_metric_alarm,
  );

describe("StaticIpMonitoring", () => {
  it("makes a topic that e-mails each address", () => {
    const synthesized = synth();

    expect(synthesized).toHaveResourceWithProperties(SnsTopic, { name: "edge-static-ip-alarms" });
    expect(synthesized).toHaveResourceWithProperties(SnsTopicSubscription, {
      protocol: "email",
      endpoint: "oncall@example.com",
    });
  });

  it("sends to an existing topic without making one", () => {
    const topicArn = "arn:aws:sns:eu-west-1:111122223333:ops";
    const synthesized = synth({ notification: { topicArn } });

    expect(synthesized).not.toHaveResource(SnsTopic);
    expect(
      alarmsOf(synthesized).every((alarm) => JSON.stringify(alarm.alarm_actions) === JSON.stringify([topicArn])),
    ).toBe(true);
  });

  it("alarms on each target group without a healthy target, treating silence as no healthy target", () => {
    expect(synth()).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: "edge-static-ip-no-healthy-target-443",
      namespace: "AWS/NetworkELB",
      metric_name: "HealthyHostCount",
      dimensions: {
        TargetGroup: "targetgroup/edge-public-443/0123456789abcdef",
        LoadBalancer: "net/edge-public/0123456789abcdef",
      },
      statistic: "Minimum",
      comparison_operator: "LessThanThreshold",
      threshold: 1,
      evaluation_periods: 2,
      treat_missing_data: "breaching",
    });
  });

  it("alarms on sustained function errors only, not on one failed run", () => {
    expect(synth()).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: "edge-static-ip-sync-failing",
      metric_name: "Errors",
      dimensions: { FunctionName: "edge-static-ip-sync" },
      period: 60,
      evaluation_periods: 3,
      treat_missing_data: "notBreaching",
    });
  });

  it("alarms when the function stops running, counting in its schedule's period", () => {
    const synthesized = synth({ syncFunction: { ...syncFunction, periodSeconds: 300 } });

    expect(synthesized).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: "edge-static-ip-sync-not-running",
      metric_name: "Invocations",
      period: 300,
      comparison_operator: "LessThanThreshold",
      treat_missing_data: "breaching",
    });
  });

  it("alarms when the ALB's IP count is 0 or missing", () => {
    expect(synth()).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: "edge-static-ip-no-alb-ips",
      namespace: "AlbStaticIp",
      metric_name: "LoadBalancerIPCount",
      dimensions: { LoadBalancer: "internal-edge-1.eu-west-1.elb.amazonaws.com" },
      treat_missing_data: "breaching",
    });
  });

  it("alarms when a static IP reaches no ALB node, from the function's zone check", () => {
    expect(synth()).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: "edge-static-ip-cut-off",
      namespace: "AlbStaticIp",
      metric_name: "ZonesWithoutHealthyTarget",
      statistic: "Maximum",
      comparison_operator: "GreaterThanOrEqualToThreshold",
      threshold: 1,
    });
  });

  it("watches only the target groups when no function keeps them", () => {
    const names = alarmsOf(synth({ syncFunction: undefined }))
      .map((alarm) => alarm.alarm_name)
      .sort();

    expect(names).toEqual(["edge-static-ip-no-healthy-target-443", "edge-static-ip-no-healthy-target-80"]);
  });

  it("takes its thresholds from props", () => {
    const synthesized = synth({ thresholds: { failedRuns: 5 } });

    expect(synthesized).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: "edge-static-ip-sync-failing",
      evaluation_periods: 5,
    });
  });

  it("refuses a threshold under 1", () => {
    expect(() => synth({ thresholds: { missedRuns: 0 } })).toThrow(
      "stack/monitoring: thresholds.missedRuns: expected a whole number of at least 1, got 0",
    );
  });

  it("puts every alarm on a dashboard named for the prefix", () => {
    const synthesized = synth();

    expect(synthesized).toHaveResourceWithProperties(CloudwatchDashboard, { dashboard_name: "edge-static-ip" });
    expect(alarmsOf(synthesized)).toHaveLength(6);
  });

  describe("with the function serving two ALBs", () => {
    const ADMIN = "internal-admin-2.eu-west-1.elb.amazonaws.com";
    const twoAlbs = {
      ...syncFunction,
      ipCountMetric: {
        namespace: "AlbStaticIp",
        albs: [...syncFunction.ipCountMetric.albs, { albDnsName: ADMIN, ports: [8443, 9443], firstPort: 8443 }],
      },
    };
    const synthesized = () => synth({ syncFunction: twoAlbs });

    it("watches each ALB's IP count and zones, the first ALB's alarms at their one-ALB addresses", () => {
      const resources = JSON.parse(synthesized()).resource.aws_cloudwatch_metric_alarm as Record<
        string,
        { dimensions?: Record<string, string>; metric_name: string; alarm_description: string }
      >;

      expect(resources.no_alb_ips.dimensions).toEqual({
        LoadBalancer: "internal-edge-1.eu-west-1.elb.amazonaws.com",
      });
      expect(resources.cut_off.dimensions).toEqual({ LoadBalancer: "internal-edge-1.eu-west-1.elb.amazonaws.com" });
      expect(resources.no_alb_ips_8443).toMatchObject({
        dimensions: { LoadBalancer: ADMIN },
        metric_name: "LoadBalancerIPCount",
        alarm_description: expect.stringContaining("the ALB of ports 8443, 9443"),
      });
      expect(resources.cut_off_8443).toMatchObject({
        dimensions: { LoadBalancer: ADMIN },
        metric_name: "ZonesWithoutHealthyTarget",
      });
    });

    it("gives the dashboard a widget per ALB, named by its ports", () => {
      const dashboard = JSON.parse(synthesized()).resource.aws_cloudwatch_dashboard.static_ip as {
        dashboard_body: string;
      };

      expect(dashboard.dashboard_body).toContain("ALB of ports 80, 443: IPs found by the sync function");
      expect(dashboard.dashboard_body).toContain("ALB of ports 8443, 9443: IPs found by the sync function");
    });
  });
});
