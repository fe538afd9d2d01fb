/**
 * Structured logs: one JSON object per line on stdout. Written directly rather than through console, which the
 * Lambda runtime would wrap in its own JSON and so hide the fields (and the metric line) from CloudWatch.
 */
export type LogLevel = "INFO" | "WARN" | "ERROR";

export type Logger = (level: LogLevel, message: string, fields?: Record<string, unknown>) => void;

export const stdoutLogger: Logger = (level, message, fields = {}) => {
  process.stdout.write(`${JSON.stringify({ timestamp: new Date().toISOString(), level, message, ...fields })}\n`);
};
