import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import type { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { Construct } from "constructs";
import { DEFAULT_SCHEDULE, isValidScheduleExpression } from "./schedule-expression";
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

/** Runs the sync function on a schedule; only that rule may invoke it. */
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
  }
}
