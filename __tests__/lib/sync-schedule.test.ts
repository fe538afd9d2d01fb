/** SyncSchedule on its own, synthesized in a bare scope: its validation and the resources it alone makes. */

import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
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
});
