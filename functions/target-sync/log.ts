/**
 * Structured logs through Powertools for AWS Lambda's Logger: one JSON object per line on stdout (its own console,
 * not the one the Lambda runtime wraps), with the invocation's request id and cold-start flag once the handler adds
 * its context. The level follows the function's logging config (Lambda's `AWS_LAMBDA_LOG_LEVEL`), INFO by default.
 */
import { Logger as PowertoolsLogger } from "@aws-lambda-powertools/logger";

export type LogLevel = "DEBUG" | "INFO" | "WARN" | "ERROR";

export type Logger = (level: LogLevel, message: string, fields?: Record<string, unknown>) => void;

export const powertoolsLogger = new PowertoolsLogger({ serviceName: "alb-static-ip-sync" });

const methods = {
  DEBUG: (message, fields) => powertoolsLogger.debug(message, fields),
  INFO: (message, fields) => powertoolsLogger.info(message, fields),
  WARN: (message, fields) => powertoolsLogger.warn(message, fields),
  ERROR: (message, fields) => powertoolsLogger.error(message, fields),
} satisfies Record<LogLevel, (message: string, fields: Record<string, unknown>) => void>;

export const lambdaLogger: Logger = (level, message, fields = {}) => methods[level](message, fields);
