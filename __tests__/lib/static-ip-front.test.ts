/** StaticIpFront on its own, synthesized in a bare scope: its validation and the resources it alone makes. */

import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { Testing } from "cdktf";
import { StaticIpFront } from "../../lib/static-ip-front";

const zone = { availabilityZone: "eu-west-1a", subnetId: "subnet-0123456789abcdef0" };

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

  it("lists its target groups in port order, so that reordering the config's ports changes nothing downstream", () => {
    let front: StaticIpFront | undefined;
    Testing.synthScope((scope) => {
      front = new StaticIpFront(scope, "front", {
        namePrefix: "edge",
        vpcId: "vpc-1",
        zones: [zone],
        ports: [{ port: 8443 }, { port: 80 }, { port: 443 }],
      });
    });
    expect(front?.targetGroups.map((group) => group.listenerPort)).toEqual([80, 443, 8443]);
  });

  it("refuses an empty zone list", () => {
    expect(() =>
      Testing.synthScope(
        (scope) =>
          new StaticIpFront(scope, "front", { namePrefix: "edge", vpcId: "vpc-1", zones: [], ports: [{ port: 443 }] }),
      ),
    ).toThrow("stack/front: zones must list at least one availability zone with its public subnet");
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
    ).toThrow("stack/front: port 443 is listed twice; each NLB port can have one listener");
  });
});
