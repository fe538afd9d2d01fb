/** SyncSchedule on its own, synthesized in a bare scope: its validation and the resources it alone makes. */

import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaFunctionEventInvokeConfig } from "@cdktf/provider-aws/lib/lambda-function-event-invoke-config";
import { Testing } from "cdktf";
import type { Construct } from "constructs";
import { SyncSchedule } from "../../lib/sync-schedule";

/** The schedule needs only a function to point at, not the sync function's bundle. */
const anyFunction = (scope: Construct) =>
  new LambdaFunction(scope, "function", {
    functionName: "edge",
    role: "arn:aws:iam::111122223333:role/edge",
    runtime: "nodejs22.x",
    handler: "index.handler",
    filename: "index.zip",
  });

describe("SyncSchedule", () => {
  it("refuses a schedule EventBridge would refuse", () => {
    expect(() =>
      Testing.synthScope((scope) => {
        const target = anyFunction(scope);
        new SyncSchedule(scope, "schedule", { ruleName: "edge", function: target, schedule: "every minute" });
      }),
    ).toThrow('stack/schedule: schedule: expected "rate(...)" or "cron(...)", got "every minute"');
  });

  it("runs every minute by default", () => {
    const synthesized = Testing.synthScope((scope) => {
      const target = anyFunction(scope);
      new SyncSchedule(scope, "schedule", { ruleName: "edge", function: target });
    });
    expect(synthesized).toHaveResourceWithProperties(CloudwatchEventRule, { schedule_expression: "rate(1 minute)" });
  });

  it.each([
    ["rate(1 minute)", 60],
    ["rate(10 minutes)", 600],
    ["rate(1 day)", 21600],
  ])(
    "never has Lambda retry a run, and lets a %s event wait at most a period (within Lambda's 60 s to 6 h): %i s",
    (schedule, maximumEventAge) => {
      const synthesized = Testing.synthScope((scope) => {
        const target = anyFunction(scope);
        new SyncSchedule(scope, "schedule", { ruleName: "edge", function: target, schedule });
      });
      expect(synthesized).toHaveResourceWithProperties(LambdaFunctionEventInvokeConfig, {
        function_name: "${aws_lambda_function.function.function_name}",
        maximum_retry_attempts: 0,
        maximum_event_age_in_seconds: maximumEventAge,
      });
    },
  );
});
