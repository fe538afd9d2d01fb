import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";
import { cidrFamily } from "./ip-addresses";
import { atAddress } from "./terraform-names";
import { ValidationError } from "./validation-error";

export interface AllowlistedPort {
  /** NLB listener port. */
  readonly port: number;
  /** ALB listener port it forwards to. */
  readonly albPort: number;
  /** IPv4 and IPv6 CIDRs admitted on `port` (IPv6 ones reach a dual-stack NLB). */
  readonly allowedSources: readonly string[];
}

export interface NlbAllowlistProps {
  /** Names the security group `<prefix>-static-ip-nlb`. */
  readonly namePrefix: string;
  /** Id (or Terraform reference) of the NLB's VPC. */
  readonly vpcId: string;
  /** Each listener port with the sources it admits. */
  readonly ports: readonly AllowlistedPort[];
  /**
   * A port the NLB's health checks reach on the ALB besides the ALB ports (an ALB-type target group's health check
   * port).
   * @default - none: health checks go to the ALB ports
   */
  readonly healthCheckPort?: number;
  /**
   * The ALB's security group: it gets an ingress rule per ALB port from the NLB's group, and the NLB's egress goes to
   * it alone, so that the ALB can be closed to everything else.
   * @default - no rule on the ALB's group; the NLB's egress goes to any address on the ALB ports
   */
  readonly albSecurityGroupId?: string;
}

/**
 * A security group for the NLB admitting only the allowlisted sources on each listener port, and letting out only
 * what reaches the ALB: its ports, for traffic and health checks. An NLB's security groups also filter its health
 * checks' replies, so the egress rules are what keep targets healthy.
 */
export class NlbAllowlist extends Construct {
  readonly securityGroup: SecurityGroup;

  constructor(scope: Construct, id: string, props: NlbAllowlistProps) {
    super(scope, id);
    validate(this, props);
    const reached = props.ports.map((entry) => entry.albPort);
    if (props.healthCheckPort !== undefined) reached.push(props.healthCheckPort);
    const albPorts = [...new Set(reached)].sort((a, b) => a - b);

    this.securityGroup = atAddress(
      new SecurityGroup(this, "nlb", {
        name: `${props.namePrefix}-static-ip-nlb`,
        description: "Admits the allowlisted sources to the static IPs' listeners",
        vpcId: props.vpcId,
        ingress: [...props.ports]
          .sort((a, b) => a.port - b.port)
          .map(({ port, allowedSources }) => {
            // A rule holds each family in a list of its own; an IPv4-only allowlist is written as before IPv6 was.
            const ipv6 = allowedSources.filter((cidr) => cidrFamily(cidr) === "ipv6");
            const ipv4 = allowedSources.filter((cidr) => !ipv6.includes(cidr));
            return {
              description: `Allowlisted sources on port ${port}`,
              protocol: "tcp",
              fromPort: port,
              toPort: port,
              ...(ipv4.length > 0 ? { cidrBlocks: ipv4 } : {}),
              ...(ipv6.length > 0 ? { ipv6CidrBlocks: ipv6 } : {}),
            };
          }),
        egress: albPorts.map((port) => ({
          description: `To the ALB on port ${port}`,
          protocol: "tcp",
          fromPort: port,
          toPort: port,
          ...(props.albSecurityGroupId === undefined
            ? { cidrBlocks: ["0.0.0.0/0"] }
            : { securityGroups: [props.albSecurityGroupId] }),
        })),
      }),
      "public",
    );

    if (props.albSecurityGroupId !== undefined) {
      for (const port of albPorts) {
        atAddress(
          new VpcSecurityGroupIngressRule(this, `alb-from-nlb-${port}`, {
            securityGroupId: props.albSecurityGroupId,
            referencedSecurityGroupId: this.securityGroup.id,
            ipProtocol: "tcp",
            fromPort: port,
            toPort: port,
            description: `From the static IPs' NLB on port ${port}`,
          }),
          "alb_from_nlb",
          port,
        );
      }
    }
  }
}

function validate(scope: Construct, props: NlbAllowlistProps): void {
  if (props.ports.length === 0) {
    throw new ValidationError("ports must list at least one port to admit sources on", scope);
  }
  const open = props.ports.find((entry) => entry.allowedSources.length === 0);
  if (open) {
    throw new ValidationError(`port ${open.port} admits no source; list at least one CIDR`, scope);
  }
}
