/** TargetSyncFunction on its own, synthesized in a bare scope: its validation and the resources it alone makes. */

import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { Testing } from "cdktf";
import { TargetSyncFunction } from "../../lib/target-sync-function";
import { BUNDLE_DIR } from "../synthesis/stack";

const functionProps = {
  functionName: "edge-static-ip-sync",
  bundleDir: BUNDLE_DIR,
  albDnsName: "internal-edge-1.eu-west-1.elb.amazonaws.com",
  stateBucket: { name: "edge-state", arn: "arn:aws:s3:::edge-state" },
  targetGroups: [{ arn: "arn:tg", albPort: 443, listenerPort: 443 }],
  nlbZones: ["eu-west-1a", "eu-west-1b"],
  crossZone: true,
};

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

  it("has Node read the bundle's source maps, so stack traces name the TypeScript source", () => {
    const synthesized = Testing.synthScope((scope) => {
      new TargetSyncFunction(scope, "sync", functionProps);
    });
    expect(synthesized).toHaveResourceWithProperties(LambdaFunction, {
      environment: { variables: expect.objectContaining({ NODE_OPTIONS: "--enable-source-maps" }) },
    });
  });

  it("refuses ENI discovery without the ALB's ARN", () => {
    expect(() =>
      Testing.synthScope((scope) => new TargetSyncFunction(scope, "sync", { ...functionProps, discovery: "eni" })),
    ).toThrow('stack/sync: albArn is required when discovery is "eni"');
  });
});
