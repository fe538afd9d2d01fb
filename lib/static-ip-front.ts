import { Eip } from "@cdktf/provider-aws/lib/eip";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import type { TerraformResource } from "cdktf";
import { Construct } from "constructs";
import { atAddress, movedFromPrefixed, terraformId } from "./terraform-names";
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
  /**
   * Prefix of every AWS name: the NLB is `<prefix>-public`, its target groups `<prefix>-public-<port>`. No Terraform
   * address uses it, but AWS cannot rename an NLB or a target group: a new prefix replaces them (which
   * `protectLoadBalancer` refuses), so a deployed stack keeps its prefix.
   */
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
  /**
   * Refuse to destroy the NLB, so that a change that would replace it (a new name, a subnet removed) fails to plan
   * instead: a new NLB has a new DNS name, and until it is up no static IP answers.
   * @default true
   */
  readonly protectLoadBalancer?: boolean;
  /**
   * Let each NLB node forward to healthy ALB nodes in every zone, not only its own. Customers connect to one static
   * IP, that is one NLB node in one zone: without it, that IP fails whenever its zone has no healthy ALB node (or the
   * ALB is not in that zone at all). The price is AWS's inter-zone data transfer on the traffic that crosses. Toggled
   * in place on a deployed NLB.
   * @default true
   */
  readonly crossZone?: boolean;
  /**
   * Prefix of the addresses an existing state holds these resources at: `app` for the blog's `aws_eip.app_us_east_1a`,
   * `aws_lb.app_public`, `aws_lb_target_group.app_public_443` and `aws_lb_listener.app_public_443`. Each resource gets
   * a `moved` block from there to its own address, so that state is adopted in place.
   * @default - none: no `moved` blocks
   */
  readonly adoptAddressPrefix?: string;
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
 *
 * Terraform addresses depend on the zone (`aws_eip.us_east_1a`) or the port (`aws_lb_target_group.public_443`,
 * `aws_lb_listener.public_443`) alone, and the NLB's (`aws_lb.public`) on nothing, so that only removing a zone or a
 * port can take an Elastic IP or a listener away.
 */
export class StaticIpFront extends Construct {
  readonly staticIps: readonly string[];
  readonly loadBalancer: Lb;
  readonly targetGroups: readonly AlbTargetGroup[];

  constructor(scope: Construct, id: string, props: StaticIpFrontProps) {
    super(scope, id);
    validate(this, props);
    const protectStaticIps = props.protectStaticIps ?? true;
    const protectLoadBalancer = props.protectLoadBalancer ?? true;
    const publicName = `${props.namePrefix}-public`;
    const placed = <T extends TerraformResource>(resource: T, ...address: readonly (string | number)[]): T => {
      atAddress(resource, ...address);
      return props.adoptAddressPrefix === undefined ? resource : movedFromPrefixed(resource, props.adoptAddressPrefix);
    };

    const eips = props.zones.map((zone) =>
      placed(
        new Eip(this, `eip-${zone.availabilityZone}`, {
          domain: "vpc",
          tags: { Name: terraformId(props.namePrefix, zone.availabilityZone) },
          lifecycle: { preventDestroy: protectStaticIps },
        }),
        zone.availabilityZone,
      ),
    );
    this.staticIps = eips.map((eip) => eip.publicIp);

    this.loadBalancer = placed(
      new Lb(this, "nlb", {
        name: publicName,
        loadBalancerType: "network",
        internal: false,
        subnetMapping: props.zones.map((zone, index) => ({
          subnetId: zone.subnetId,
          allocationId: eips[index].id,
        })),
        enableCrossZoneLoadBalancing: props.crossZone ?? true,
        lifecycle: { preventDestroy: protectLoadBalancer },
      }),
      "public",
    );

    // In port order whatever the config's order, so that reordering the ports changes nothing the function is given.
    const ports = [...props.ports].sort((a, b) => a.port - b.port);
    this.targetGroups = ports.map(({ port, albPort = port }) => {
      const targetGroup = placed(
        new LbTargetGroup(this, `target-group-${port}`, {
          name: `${publicName}-${port}`,
          port: albPort,
          protocol: "TCP",
          targetType: "ip",
          vpcId: props.vpcId,
          proxyProtocolV2: false,
        }),
        "public",
        port,
      );
      placed(
        new LbListener(this, `listener-${port}`, {
          loadBalancerArn: this.loadBalancer.arn,
          port,
          protocol: "TCP",
          defaultAction: [{ type: "forward", targetGroupArn: targetGroup.arn }],
        }),
        "public",
        port,
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
