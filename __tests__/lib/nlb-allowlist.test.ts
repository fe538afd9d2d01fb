/** NlbAllowlist on its own, synthesized in a bare scope. */

import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Testing } from "cdktf";
import { NlbAllowlist, type NlbAllowlistProps } from "../../lib/nlb-allowlist";

const office = "203.0.113.0/24";
const partner = "198.51.100.7/32";

function securityGroupOf(props: Partial<NlbAllowlistProps>): {
  tf: { resource: Record<string, Record<string, Record<string, unknown>>> };
  json: string;
} {
  const json = Testing.synthScope((scope) => {
    new NlbAllowlist(scope, "allowlist", {
      namePrefix: "edge",
      vpcId: "vpc-1",
      ports: [
        { port: 443, albPort: 443, allowedSources: [office, partner] },
        { port: 8443, albPort: 443, allowedSources: [partner] },
      ],
      ...props,
    });
  });
  return { json, tf: JSON.parse(json) as { resource: Record<string, Record<string, Record<string, unknown>>> } };
}

describe("NlbAllowlist", () => {
  it("admits on each listener port only that port's sources", () => {
    const group = securityGroupOf({}).tf.resource.aws_security_group.public;

    expect(group.name).toBe("edge-static-ip-nlb");
    expect(group.ingress).toEqual([
      expect.objectContaining({ protocol: "tcp", from_port: 443, to_port: 443, cidr_blocks: [office, partner] }),
      expect.objectContaining({ protocol: "tcp", from_port: 8443, to_port: 8443, cidr_blocks: [partner] }),
    ]);
  });

  it("lets out traffic and health checks to the ALB ports and the health check port alone, each once", () => {
    const group = securityGroupOf({ healthCheckPort: 80 }).tf.resource.aws_security_group.public;

    expect(group.egress).toEqual([
      expect.objectContaining({ protocol: "tcp", from_port: 80, to_port: 80, cidr_blocks: ["0.0.0.0/0"] }),
      expect.objectContaining({ protocol: "tcp", from_port: 443, to_port: 443, cidr_blocks: ["0.0.0.0/0"] }),
    ]);
  });

  it("with the ALB's security group, lets out to it alone and opens it to the NLB's group on each ALB port", () => {
    const { tf, json } = securityGroupOf({ albSecurityGroupId: "sg-0aaaaaaaaaaaaaaa1" });

    expect(tf.resource.aws_security_group.public.egress).toEqual([
      expect.objectContaining({ from_port: 443, to_port: 443, security_groups: ["sg-0aaaaaaaaaaaaaaa1"] }),
    ]);
    expect(json).toHaveResourceWithProperties(VpcSecurityGroupIngressRule, {
      security_group_id: "sg-0aaaaaaaaaaaaaaa1",
      referenced_security_group_id: "${aws_security_group.public.id}",
      ip_protocol: "tcp",
      from_port: 443,
      to_port: 443,
    });
    expect(Object.keys(tf.resource.aws_vpc_security_group_ingress_rule)).toEqual(["alb_from_nlb_443"]);
  });

  it("adds no rule to any other security group without the ALB's", () => {
    expect(securityGroupOf({}).tf.resource.aws_vpc_security_group_ingress_rule).toBeUndefined();
  });

  it("admits IPv6 sources in a list of their own beside the IPv4 ones, and a port of IPv6 sources alone", () => {
    const group = securityGroupOf({
      ports: [
        { port: 443, albPort: 443, allowedSources: [office, "2001:db8::/32"] },
        { port: 8443, albPort: 443, allowedSources: ["2001:db8:1::/48"] },
      ],
    }).tf.resource.aws_security_group.public;

    expect(group.ingress).toEqual([
      expect.objectContaining({ from_port: 443, cidr_blocks: [office], ipv6_cidr_blocks: ["2001:db8::/32"] }),
      expect.objectContaining({ from_port: 8443, cidr_blocks: null, ipv6_cidr_blocks: ["2001:db8:1::/48"] }),
    ]);
  });

  it("leaves an IPv4-only rule's IPv6 list unset, as before IPv6 sources were taken", () => {
    const group = securityGroupOf({}).tf.resource.aws_security_group.public;

    for (const rule of group.ingress as object[]) expect(rule).toMatchObject({ ipv6_cidr_blocks: null });
  });

  it("refuses a port that admits no source", () => {
    expect(() => securityGroupOf({ ports: [{ port: 443, albPort: 443, allowedSources: [] }] })).toThrow(
      "stack/allowlist: port 443 admits no source; list at least one CIDR",
    );
  });
});
