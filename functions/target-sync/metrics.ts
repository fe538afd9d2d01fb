/**
 * The function's metrics as CloudWatch Embedded Metric Format: a log line CloudWatch turns into a metric, so
 * publishing costs no API call and no IAM permission.
 */
import type { METRICS } from "./contract";

export type MetricName = (typeof METRICS)[keyof typeof METRICS];

/** One metric's value for the ALB, in the function's namespace, with the ALB's DNS name as its one dimension. */
export function metricLine(namespace: string, albDnsName: string, name: MetricName, value: number, now: Date): string {
  return JSON.stringify({
    _aws: {
      Timestamp: now.getTime(),
      CloudWatchMetrics: [
        { Namespace: namespace, Dimensions: [["LoadBalancer"]], Metrics: [{ Name: name, Unit: "Count" }] },
      ],
    },
    LoadBalancer: albDnsName,
    [name]: value,
  });
}
