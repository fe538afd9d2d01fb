/** StaticIpFront on its own, synthesized in a bare scope: its validation and the resources it alone makes. */

import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { LbTargetGroupAttachment } from "@cdktf/provider-aws/lib/lb-target-group-attachment";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { DataResource, Testing } from "cdktf";
import { type AlbTarget, type ForwardedPort, StaticIpFront } from "../../lib/static-ip-front";
import { atAddress } from "../../lib/terraform-names";

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

describe("StaticIpFront with the ALB as the target", () => {
  const albArn = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/web/0123456789abcdef";
  const synthesize = (albTarget: AlbTarget, ports: ForwardedPort[] = [{ port: 8443, albPort: 443 }]) =>
    Testing.synthScope((scope) => {
      new StaticIpFront(scope, "front", { namePrefix: "edge", vpcId: "vpc-1", zones: [zone], ports, albTarget });
    });

  it("makes per port a TCP target group of type alb on the ALB's listener port, at an address and name of its own", () => {
    const tf = JSON.parse(synthesize({ albArn })) as { resource: Record<string, Record<string, object>> };

    expect(tf.resource.aws_lb_target_group.alb_8443).toMatchObject({
      name: "edge-alb-8443",
      port: 443,
      protocol: "TCP",
      target_type: "alb",
    });
  });

  it("attaches the ALB to each target group by its ARN, on the ALB's listener port", () => {
    expect(synthesize({ albArn })).toHaveResourceWithProperties(LbTargetGroupAttachment, {
      target_id: albArn,
      port: 443,
      target_group_arn: "${aws_lb_target_group.alb_8443.arn}",
    });
  });

  it("checks the ALB over HTTPS on port 443 and over HTTP elsewhere, at / for 200-399, by default", () => {
    const synthesized = synthesize({ albArn }, [{ port: 443 }, { port: 80 }]);

    expect(synthesized).toHaveResourceWithProperties(LbTargetGroup, {
      name: "edge-alb-443",
      health_check: { enabled: true, protocol: "HTTPS", port: "traffic-port", path: "/", matcher: "200-399" },
    });
    expect(synthesized).toHaveResourceWithProperties(LbTargetGroup, {
      name: "edge-alb-80",
      health_check: { enabled: true, protocol: "HTTP", port: "traffic-port", path: "/", matcher: "200-399" },
    });
  });

  it("checks the ALB as configured", () => {
    expect(
      synthesize({ albArn, healthCheck: { protocol: "HTTP", port: 80, path: "/health", matcher: "200" } }),
    ).toHaveResourceWithProperties(LbTargetGroup, {
      health_check: { enabled: true, protocol: "HTTP", port: "80", path: "/health", matcher: "200" },
    });
  });

  it("makes no IP target group", () => {
    expect(synthesize({ albArn })).not.toHaveResourceWithProperties(LbTargetGroup, { target_type: "ip" });
  });
});

describe("StaticIpFront with a security group", () => {
  const synthesize = (withGroup: boolean) =>
    Testing.synthScope((scope) => {
      const securityGroup = withGroup
        ? atAddress(new SecurityGroup(scope, "group", { vpcId: "vpc-1" }), "public")
        : undefined;
      new StaticIpFront(scope, "front", {
        namePrefix: "edge",
        vpcId: "vpc-1",
        zones: [zone],
        ports: [{ port: 443 }],
        securityGroup,
      });
    });

  it("creates the NLB with it", () => {
    expect(synthesize(true)).toHaveResourceWithProperties(Lb, { security_groups: ["${aws_security_group.public.id}"] });
  });

  it("records that the NLB has security groups, and replaces it when that changes, as AWS would have to", () => {
    const synthesized = synthesize(true);

    expect(synthesized).toHaveResourceWithProperties(DataResource, { triggers_replace: { attached: "true" } });
    expect(synthesized).toHaveResourceWithProperties(Lb, {
      lifecycle: { prevent_destroy: true, replace_triggered_by: ["terraform_data.nlb_security_groups"] },
    });
  });

  it("creates the NLB without any when none is given, as the blog's", () => {
    const synthesized = synthesize(false);
    const tf = JSON.parse(synthesized) as { resource: { aws_lb: { public: object } } };
    expect(tf.resource.aws_lb.public).not.toHaveProperty("security_groups");
    expect(synthesized).toHaveResourceWithProperties(DataResource, { triggers_replace: { attached: "false" } });
  });
});
