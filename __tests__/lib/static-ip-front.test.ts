/** StaticIpFront on its own, synthesized in a bare scope: its validation and the resources it alone makes. */

import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { LbTargetGroupAttachment } from "@cdktf/provider-aws/lib/lb-target-group-attachment";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { DataResource, TerraformVariable, Testing } from "cdktf";
import { type AlbTarget, type ForwardedPort, StaticIpFront, type StaticIpFrontProps } from "../../lib/static-ip-front";
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

describe("StaticIpFront with fixed IPv6 and private addresses", () => {
  const zones = [
    { ...zone, ipv6Address: "2600:1F18:1234:5601:0:0:0:0010", privateIpv4Address: "10.0.1.10" },
    {
      availabilityZone: "eu-west-1b",
      subnetId: "subnet-0123456789abcdef1",
      ipv6Address: "2600:1f18:1234:5602::10",
      privateIpv4Address: "10.0.2.10",
    },
  ];
  const build = (props: Partial<StaticIpFrontProps>) => {
    let front: StaticIpFront | undefined;
    const json = Testing.synthScope((scope) => {
      front = new StaticIpFront(scope, "front", {
        namePrefix: "edge",
        vpcId: "vpc-1",
        zones: zones.map(({ availabilityZone, subnetId }) => ({ availabilityZone, subnetId })),
        ports: [{ port: 443 }],
        ...props,
      });
    });
    return {
      json,
      tf: JSON.parse(json) as { resource: Record<string, Record<string, Record<string, unknown>>> },
      front,
    };
  };

  it("makes a dual-stack NLB mapping each zone's Elastic IP and IPv6 address, written as AWS writes it", () => {
    const { json, front } = build({
      ipAddressType: "dualstack",
      zones: zones.map(({ privateIpv4Address: _private, ...rest }) => rest),
    });

    expect(json).toHaveResourceWithProperties(Lb, {
      internal: false,
      ip_address_type: "dualstack",
      subnet_mapping: [
        {
          subnet_id: zone.subnetId,
          allocation_id: "${aws_eip.eu_west_1a.id}",
          ipv6_address: "2600:1f18:1234:5601::10",
        },
        {
          subnet_id: "subnet-0123456789abcdef1",
          allocation_id: "${aws_eip.eu_west_1b.id}",
          ipv6_address: "2600:1f18:1234:5602::10",
        },
      ],
    });
    expect(front?.staticIpv6s).toEqual(["2600:1f18:1234:5601::10", "2600:1f18:1234:5602::10"]);
  });

  it("makes an internal NLB at each zone's private IPv4 address, with no Elastic IP", () => {
    const { json, tf, front } = build({
      scheme: "internal",
      zones: zones.map(({ ipv6Address: _ipv6, ...rest }) => rest),
    });

    expect(json).toHaveResourceWithProperties(Lb, {
      internal: true,
      subnet_mapping: [
        { subnet_id: zone.subnetId, private_ipv4_address: "10.0.1.10" },
        { subnet_id: "subnet-0123456789abcdef1", private_ipv4_address: "10.0.2.10" },
      ],
    });
    expect(tf.resource.aws_eip).toBeUndefined();
    expect(tf.resource.aws_lb.public).not.toHaveProperty("ip_address_type");
    expect(front?.staticIps).toEqual(["10.0.1.10", "10.0.2.10"]);
    expect(front?.staticIpv6s).toEqual([]);
  });

  it("makes an internal dual-stack NLB with both fixed addresses in each mapping", () => {
    const { json } = build({ scheme: "internal", ipAddressType: "dualstack", zones });

    expect(json).toHaveResourceWithProperties(Lb, {
      internal: true,
      ip_address_type: "dualstack",
      subnet_mapping: [
        { subnet_id: zone.subnetId, private_ipv4_address: "10.0.1.10", ipv6_address: "2600:1f18:1234:5601::10" },
        {
          subnet_id: "subnet-0123456789abcdef1",
          private_ipv4_address: "10.0.2.10",
          ipv6_address: "2600:1f18:1234:5602::10",
        },
      ],
    });
  });

  it("records each zone's fixed addresses, and the dual-stack type, for the NLB's replacement, AWS setting them only then", () => {
    const { tf } = build({ scheme: "internal", ipAddressType: "dualstack", zones });

    expect(tf.resource.terraform_data).toEqual({
      nlb_security_groups: { triggers_replace: { attached: "false", ip_address_type: "dualstack" } },
      nlb_addresses_eu_west_1a: {
        triggers_replace: { private_ipv4_address: "10.0.1.10", ipv6_address: "2600:1f18:1234:5601::10" },
      },
      nlb_addresses_eu_west_1b: {
        triggers_replace: { private_ipv4_address: "10.0.2.10", ipv6_address: "2600:1f18:1234:5602::10" },
      },
    });
    expect(tf.resource.aws_lb.public.lifecycle).toEqual({
      prevent_destroy: true,
      replace_triggered_by: [
        "terraform_data.nlb_security_groups",
        "terraform_data.nlb_addresses_eu_west_1a",
        "terraform_data.nlb_addresses_eu_west_1b",
      ],
    });
  });

  it("leaves an address only Terraform knows to AWS", () => {
    const json = Testing.synthScope((scope) => {
      const known = (name: string) => new TerraformVariable(scope, name, { type: "string" }).stringValue;
      new StaticIpFront(scope, "front", {
        namePrefix: "edge",
        vpcId: "vpc-1",
        zones: [{ ...zone, ipv6Address: known("ipv6_address"), subnetIpv6CidrBlock: known("ipv6_cidr") }],
        ports: [{ port: 443 }],
        ipAddressType: "dualstack",
      });
    });

    expect(json).toHaveResourceWithProperties(Lb, {
      subnet_mapping: [expect.objectContaining({ ipv6_address: "${var.ipv6_address}" })],
    });
  });

  it.each<[string, Partial<StaticIpFrontProps>, string]>([
    [
      "a dual-stack zone without an IPv6 address",
      { ipAddressType: "dualstack" },
      'stack/front: zones[0].ipv6Address: is required with ipAddressType "dualstack"',
    ],
    [
      "an IPv6 address on an IPv4-only NLB",
      { zones: [{ ...zone, ipv6Address: "2600:1f18:1234:5601::10" }] },
      'stack/front: zones[0].ipv6Address: expected no ipv6Address with ipAddressType "ipv4"',
    ],
    [
      "an IPv6 address outside the subnet's IPv6 CIDR",
      {
        ipAddressType: "dualstack",
        zones: [{ ...zone, ipv6Address: "2600:1f18:1234:5602::10", subnetIpv6CidrBlock: "2600:1f18:1234:5601::/64" }],
      },
      "stack/front: zones[0].ipv6Address: expected an address in the subnet's IPv6 CIDR 2600:1f18:1234:5601::/64",
    ],
    [
      "an internal zone without a private IPv4 address",
      { scheme: "internal" },
      'stack/front: zones[0].privateIpv4Address: is required with scheme "internal"',
    ],
    [
      "a malformed private IPv4 address",
      { scheme: "internal", zones: [{ ...zone, privateIpv4Address: "10.0.1" }] },
      'stack/front: zones[0].privateIpv4Address: expected an IPv4 address, like "10.0.1.10"',
    ],
  ])("refuses %s, naming the field", (_name, props, message) => {
    expect(() => build({ zones: [zone], ...props })).toThrow(message);
  });
});
