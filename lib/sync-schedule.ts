import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import type { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaFunctionEventInvokeConfig } from "@cdktf/provider-aws/lib/lambda-function-event-invoke-config";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { Construct } from "constructs";
import { DEFAULT_SCHEDULE, isValidScheduleExpression, shortestScheduleGapSeconds } from "./schedule-expression";
import { atAddress } from "./terraform-names";
import { ValidationError } from "./validation-error";

export interface SyncScheduleProps {
  /** Name of the EventBridge rule. */
  readonly ruleName: string;
  /** The function to run. */
  readonly function: LambdaFunction;
  /**
   * EventBridge schedule expression.
   * @default DEFAULT_SCHEDULE, every minute
   */
  readonly schedule?: string;
}

/** The range Lambda accepts for an asynchronous event's maximum age, in seconds. */
const EVENT_AGE_SECONDS = { min: 60, max: 6 * 3600 };

/**
 * Runs the sync function on a schedule; only that rule may invoke it. A failed or late run is not run again: the
 * next tick is the retry.
 */
export class SyncSchedule extends Construct {
  constructor(scope: Construct, id: string, props: SyncScheduleProps) {
    super(scope, id);
    const schedule = props.schedule ?? DEFAULT_SCHEDULE;
    if (!isValidScheduleExpression(schedule)) {
      throw new ValidationError(`schedule: expected "rate(...)" or "cron(...)", got "${schedule}"`, this);
    }

    // The blog's addresses: its rule is adopted in place.
    const rule = atAddress(
      new CloudwatchEventRule(this, "rule", { name: props.ruleName, scheduleExpression: schedule, state: "ENABLED" }),
      "cron_minute",
    );
    atAddress(
      new CloudwatchEventTarget(this, "target", {
        rule: rule.name,
        targetId: "TargetSync",
        arn: props.function.arn,
      }),
      "static_lb_sync",
    );
    atAddress(
      new LambdaPermission(this, "permission", {
        statementId: "AllowExecutionFromEventBridge",
        action: "lambda:InvokeFunction",
        functionName: props.function.functionName,
        principal: "events.amazonaws.com",
        sourceArn: rule.arn,
      }),
      "allow_cloudwatch",
    );
    // Lambda would retry a failed run twice (after 1 and 2 minutes), so that while a target group kept failing,
    // runs, and so misses, would come up to 3 times as often as scheduled. An event older than a period is
    // superseded by the next tick, so it may wait (throttled behind a running one) that long at most.
    atAddress(
      new LambdaFunctionEventInvokeConfig(this, "invoke-config", {
        functionName: props.function.functionName,
        maximumRetryAttempts: 0,
        maximumEventAgeInSeconds: Math.min(
          EVENT_AGE_SECONDS.max,
          Math.max(EVENT_AGE_SECONDS.min, shortestScheduleGapSeconds(schedule)),
        ),
      }),
      "static_lb_sync",
    );
  }
}
