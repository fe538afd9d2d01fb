// Defaults of the constructs' own settings, kept apart from the constructs so that the config schema (and the
// operator's command, which reads the config) can use them without loading cdktf.

/** Defaults of the Lambda's own settings (the sync's settings default in the function's contract). */
export const FUNCTION_DEFAULTS = {
  memorySize: 128,
  timeoutSeconds: 60,
  logRetentionDays: 30,
  reserveConcurrency: true,
  logLevel: "INFO",
} as const;

/** Defaults of the state bucket's lifecycle rule. */
export const STATE_BUCKET_DEFAULTS = {
  noncurrentVersionRetentionDays: 30,
  noncurrentVersionsKept: 10,
} as const;

/** The application log levels Lambda's logging controls offer that the function logs at. */
export const LOG_LEVELS = ["DEBUG", "INFO", "WARN", "ERROR"] as const;

/** How long each condition must last before its alarm fires (see `AlarmThresholds`). */
export const ALARM_DEFAULTS = {
  failedRuns: 3,
  missedRuns: 3,
  unhealthyMinutes: 2,
  noIpPeriods: 3,
  cutOffPeriods: 3,
} as const;

/** How the NLB's targets are kept: by the sync function (IP targets) or by AWS (the ALB itself as the target). */
export const TARGET_MODES = ["sync", "alb"] as const;

/** The health check of an ALB-type target group, as AWS's console proposes it. */
export const ALB_HEALTH_CHECK_DEFAULTS = { path: "/", matcher: "200-399" } as const;
