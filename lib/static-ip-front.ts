import { Eip } from "@cdktf/provider-aws/lib/eip";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { Construct } from "constructs";
import { atAddress, terraformId } from "./terraform-names";
import { ValidationError } from "./validation-error";

export interface StaticIpZone {
  /** Availability zone name, e.g. `us-east-1a`. Names the zone's Elastic IP. */
  readonly availabilityZone: string;
  /** Id (or Terraform reference) of the public subnet the NLB uses in that zone. */
  readonly subnetId: string;
}

export interface ForwardedPort {
  /** Port the NLB listens on. */
  readonly port: number;
  /**
   * ALB listener port the traffic goes to.
   * @default - the same as `port`
   */
  readonly albPort?: number;
}

export interface StaticIpFrontProps {
  /** Prefix of every name: the NLB is `<prefix>-public`, its target groups `<prefix>-public-<port>`. */
  readonly namePrefix: string;
  /** Id (or Terraform reference) of the VPC of the target groups. */
  readonly vpcId: string;
  /** One Elastic IP and NLB subnet mapping per zone. */
  readonly zones: readonly StaticIpZone[];
  /** One TCP listener and target group per port. */
  readonly ports: readonly ForwardedPort[];
  /**
   * Refuse to destroy the Elastic IPs: a released static IP cannot be had back, and every allowlist naming it breaks.
   * @default true
   */
  readonly protectStaticIps?: boolean;
}

/** A target group the sync function keeps equal to the ALB's IPs. */
export interface AlbTargetGroup {
  readonly arn: string;
  /** The ARN's last part (`targetgroup/<name>/<id>`), its metrics' `TargetGroup` dimension. */
  readonly arnSuffix: string;
  /** The ALB port that targets are registered with. */
  readonly albPort: number;
  /** The NLB listener port that forwards to it. */
  readonly listenerPort: number;
}

/**
 * The public face with fixed addresses: one Elastic IP per zone, an internet-facing NLB using them, and per port a
 * TCP listener forwarding to an IP target group (whose targets are the ALB's nodes, kept by the sync function).
 */
export class StaticIpFront extends Construct {
  readonly staticIps: readonly string[];
  readonly loadBalancer: Lb;
  readonly targetGroups: readonly AlbTargetGroup[];

  constructor(scope: Construct, id: string, props: StaticIpFrontProps) {
    super(scope, id);
    validate(this, props);
    const protectStaticIps = props.protectStaticIps ?? true;
    const publicName = `${props.namePrefix}-public`;

    const eips = props.zones.map((zone) => {
      const name = terraformId(props.namePrefix, zone.availabilityZone);
      return atAddress(
        new Eip(this, `eip-${zone.availabilityZone}`, {
          domain: "vpc",
          tags: { Name: name },
          lifecycle: { preventDestroy: protectStaticIps },
        }),
        name,
      );
    });
    this.staticIps = eips.map((eip) => eip.publicIp);

    this.loadBalancer = atAddress(
      new Lb(this, "nlb", {
        name: publicName,
        loadBalancerType: "network",
        internal: false,
        subnetMapping: props.zones.map((zone, index) => ({
          subnetId: zone.subnetId,
          allocationId: eips[index].id,
        })),
      }),
      publicName,
    );

    this.targetGroups = props.ports.map(({ port, albPort = port }) => {
      const name = `${publicName}-${port}`;
      const targetGroup = atAddress(
        new LbTargetGroup(this, `target-group-${port}`, {
          name,
          port: albPort,
          protocol: "TCP",
          targetType: "ip",
          vpcId: props.vpcId,
          proxyProtocolV2: false,
        }),
        name,
      );
      atAddress(
        new LbListener(this, `listener-${port}`, {
          loadBalancerArn: this.loadBalancer.arn,
          port,
          protocol: "TCP",
          defaultAction: [{ type: "forward", targetGroupArn: targetGroup.arn }],
        }),
        name,
      );
      return { arn: targetGroup.arn, arnSuffix: targetGroup.arnSuffix, albPort, listenerPort: port };
    });
  }
}

function validate(scope: Construct, props: StaticIpFrontProps): void {
  if (props.zones.length === 0) {
    throw new ValidationError("zones must list at least one availability zone with its public subnet", scope);
  }
  if (props.ports.length === 0) {
    throw new ValidationError("ports must list at least one port to forward", scope);
  }
  const ports = props.ports.map((entry) => entry.port);
  const duplicate = ports.find((port, index) => ports.indexOf(port) !== index);
  if (duplicate !== undefined) {
    throw new ValidationError(`port ${duplicate} is listed twice; each NLB port can have one listener`, scope);
  }
}
