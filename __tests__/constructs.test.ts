/** Each construct on its own, synthesized in a bare scope: its validation and the resources it alone makes. */

import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { Testing } from "cdktf";
import { StateBucket } from "../lib/state-bucket";
import { StaticIpFront } from "../lib/static-ip-front";
import { SyncSchedule } from "../lib/sync-schedule";
import { TargetSyncFunction } from "../lib/target-sync-function";
import { BUNDLE_DIR } from "./support/stack";

const zone = { availabilityZone: "eu-west-1a", subnetId: "subnet-0123456789abcdef0" };
const functionProps = {
  functionName: "edge-static-ip-sync",
  bundleDir: BUNDLE_DIR,
  albDnsName: "internal-edge-1.eu-west-1.elb.amazonaws.com",
  stateBucket: { name: "edge-state", arn: "arn:aws:s3:::edge-state" },
  targetGroups: [{ arn: "arn:tg", albPort: 443, listenerPort: 443 }],
};

describe("StaticIpFront", () => {
  it("makes a target group per port with the ALB port it forwards to", () => {
    const synthesized = Testing.synthScope((scope) => {
      new StaticIpFront(scope, "front", {
        namePrefix: "edge",
        vpcId: "vpc-1",
        zones: [zone],
        ports: [{ port: 8443, albPort: 443 }],
      });
    });
    expect(synthesized).toHaveResourceWithProperties(LbTargetGroup, { name: "edge-public-8443", port: 443 });
  });

  it("refuses an empty zone list", () => {
    expect(() =>
      Testing.synthScope(
        (scope) =>
          new StaticIpFront(scope, "front", { namePrefix: "edge", vpcId: "vpc-1", zones: [], ports: [{ port: 443 }] }),
      ),
    ).toThrow("StaticIpFront: zones must list at least one availability zone with its public subnet");
  });

  it("refuses a port listed twice", () => {
    expect(() =>
      Testing.synthScope(
        (scope) =>
          new StaticIpFront(scope, "front", {
            namePrefix: "edge",
            vpcId: "vpc-1",
            zones: [zone],
            ports: [{ port: 443 }, { port: 443 }],
          }),
      ),
    ).toThrow("StaticIpFront: port 443 is listed twice; each NLB port can have one listener");
  });
});

describe("StateBucket", () => {
  it("refuses a name S3 would refuse, saying why", () => {
    expect(() => Testing.synthScope((scope) => new StateBucket(scope, "state", { bucketName: "Edge_State" }))).toThrow(
      /^StateBucket: bucketName: expected an S3 bucket name/,
    );
  });
});

describe("TargetSyncFunction", () => {
  it("defaults to 128 MB, 60 s and the original's tuning but 600 lookups", () => {
    const synthesized = Testing.synthScope((scope) => {
      new TargetSyncFunction(scope, "sync", functionProps);
    });
    expect(synthesized).toHaveResourceWithProperties(LambdaFunction, {
      memory_size: 128,
      timeout: 60,
      environment: {
        variables: expect.objectContaining({
          MAX_LOOKUP_PER_INVOCATION: "600",
          INVOCATIONS_BEFORE_DEREGISTRATION: "10",
        }),
      },
    });
  });

  it("refuses ENI discovery without the ALB's ARN", () => {
    expect(() =>
      Testing.synthScope((scope) => new TargetSyncFunction(scope, "sync", { ...functionProps, discovery: "eni" })),
    ).toThrow('TargetSyncFunction: albArn is required when discovery is "eni"');
  });
});

describe("SyncSchedule", () => {
  it("refuses a schedule EventBridge would refuse", () => {
    expect(() =>
      Testing.synthScope((scope) => {
        const sync = new TargetSyncFunction(scope, "sync", functionProps);
        new SyncSchedule(scope, "schedule", { ruleName: "edge", function: sync.function, schedule: "every minute" });
      }),
    ).toThrow('SyncSchedule: schedule: expected "rate(...)" or "cron(...)", got "every minute"');
  });

  it("runs every minute by default", () => {
    const synthesized = Testing.synthScope((scope) => {
      const sync = new TargetSyncFunction(scope, "sync", functionProps);
      new SyncSchedule(scope, "schedule", { ruleName: "edge", function: sync.function });
    });
    expect(synthesized).toHaveResourceWithProperties(CloudwatchEventRule, { schedule_expression: "rate(1 minute)" });
  });
});
