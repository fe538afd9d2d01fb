// Kept apart from the construct so that the config schema (and the operator's command, which reads the config)
// can use them without loading cdktf.

/** Defaults of the Lambda's own settings (the sync's settings default in the function's contract). */
export const FUNCTION_DEFAULTS = {
  memorySize: 128,
  timeoutSeconds: 60,
  logRetentionDays: 30,
  reserveConcurrency: true,
} as const;
