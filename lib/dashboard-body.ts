// The operator's dashboard as CloudWatch's dashboard body (plain data, so it can be read and tested without
// synthesizing a stack): the ALB's IP count, the targets of each target group, the sync function's runs, and the
// state of every alarm.

import { METRICS } from "../functions/target-sync/contract";
import type { ServedAlb } from "./served-albs";

export interface DashboardProps {
  readonly region: string;
  /** The NLB's ARN suffix (`net/<name>/<id>`), its metrics' `LoadBalancer` dimension. */
  readonly loadBalancerArnSuffix: string;
  /** Per NLB port, the target group's ARN suffix, its metrics' `TargetGroup` dimension. */
  readonly targetGroups: readonly { readonly listenerPort: number; readonly arnSuffix: string }[];
  /** The sync function and its IP-count metric; undefined when no function keeps the targets. */
  readonly syncFunction:
    | {
        readonly functionName: string;
        readonly ipCountMetric: { readonly namespace: string; readonly albs: readonly ServedAlb[] } | undefined;
      }
    | undefined;
  readonly alarmArns: readonly string[];
}

type Widget = Readonly<Record<string, unknown>>;

const WIDTH = 12;
const HEIGHT = 6;

export function dashboardBody(props: DashboardProps): { widgets: Widget[] } {
  const metric = (title: string, metrics: readonly (readonly unknown[])[], stat = "Minimum"): Widget => ({
    type: "metric",
    width: WIDTH,
    height: HEIGHT,
    properties: { title, region: props.region, stat, period: 60, view: "timeSeries", metrics },
  });
  const widgets: Widget[] = [];
  const ipCount = props.syncFunction?.ipCountMetric;
  // A widget per ALB, named by its ports when there are several; one ALB's keeps the title it has always had.
  for (const alb of ipCount?.albs ?? []) {
    const title =
      (ipCount?.albs.length ?? 0) === 1
        ? "ALB IPs found by the sync function"
        : `ALB of port${alb.ports.length > 1 ? "s" : ""} ${alb.ports.join(", ")}: IPs found by the sync function`;
    const namespace = ipCount?.namespace;
    widgets.push(
      metric(title, [
        [namespace, METRICS.ipCount, "LoadBalancer", alb.albDnsName],
        [namespace, METRICS.zonesCutOff, "LoadBalancer", alb.albDnsName, { label: "zones cut off" }],
      ]),
    );
  }
  for (const group of props.targetGroups) {
    const dimensions = ["TargetGroup", group.arnSuffix, "LoadBalancer", props.loadBalancerArnSuffix];
    widgets.push(
      metric(`Port ${group.listenerPort}: healthy and registered targets`, [
        ["AWS/NetworkELB", "HealthyHostCount", ...dimensions, { id: `healthy${group.listenerPort}`, label: "healthy" }],
        [
          "AWS/NetworkELB",
          "UnHealthyHostCount",
          ...dimensions,
          { id: `unhealthy${group.listenerPort}`, visible: false },
        ],
        [
          {
            expression: `healthy${group.listenerPort} + unhealthy${group.listenerPort}`,
            label: "registered",
            id: `registered${group.listenerPort}`,
          },
        ],
      ]),
    );
  }
  if (props.syncFunction) {
    const fn = ["AWS/Lambda", props.syncFunction.functionName] as const;
    widgets.push(
      metric(
        "Sync function: runs and errors",
        [
          [fn[0], "Invocations", "FunctionName", fn[1], { label: "runs" }],
          [fn[0], "Errors", "FunctionName", fn[1], { label: "errors" }],
        ],
        "Sum",
      ),
      metric("Sync function: duration (ms)", [[fn[0], "Duration", "FunctionName", fn[1]]], "Maximum"),
    );
  }
  widgets.push({
    type: "alarm",
    width: 2 * WIDTH,
    height: HEIGHT,
    properties: { title: "Alarms", alarms: props.alarmArns },
  });
  return { widgets };
}
