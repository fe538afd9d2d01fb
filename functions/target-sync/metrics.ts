/**
 * The IP-count metric as CloudWatch Embedded Metric Format: a log line CloudWatch turns into a metric, so
 * publishing costs no API call and no IAM permission.
 */
import { METRICS } from "./contract";

const IP_COUNT_METRIC = METRICS.ipCount;

export function ipCountMetricLine(namespace: string, albDnsName: string, ipCount: number, now: Date): string {
  return JSON.stringify({
    _aws: {
      Timestamp: now.getTime(),
      CloudWatchMetrics: [
        { Namespace: namespace, Dimensions: [["LoadBalancer"]], Metrics: [{ Name: IP_COUNT_METRIC, Unit: "Count" }] },
      ],
    },
    LoadBalancer: albDnsName,
    [IP_COUNT_METRIC]: ipCount,
  });
}
