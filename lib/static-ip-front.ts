import { Eip } from "@cdktf/provider-aws/lib/eip";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { LbTargetGroupAttachment } from "@cdktf/provider-aws/lib/lb-target-group-attachment";
import type { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { App, DataResource, type TerraformResource, Token } from "cdktf";
import { Construct } from "constructs";
import { ALB_HEALTH_CHECK_DEFAULTS } from "./defaults";
import { zoneAddressRecords } from "./nlb-address-records";
import { ipv6AsAwsWritesIt, subnetMappings } from "./subnet-mappings";
import { atAddress, movedFromPrefixed, terraformId } from "./terraform-names";
import { ValidationError } from "./validation-error";
import { type IpAddressType, type Scheme, zoneAddressProblems } from "./zone-addresses";

export interface StaticIpZone {
  /** Availability zone name, e.g. `us-east-1a`. Names the zone's Elastic IP. */
  readonly availabilityZone: string;
  /** Id (or Terraform reference) of the subnet the NLB uses in that zone: a public one, unless `scheme` is internal. */
  readonly subnetId: string;
  /**
   * The zone's fixed IPv6 address, in the subnet's IPv6 CIDR; required with `ipAddressType` `dualstack`, refused
   * without. A literal is written as AWS writes it (`2600:1f18::10`), so that the state matches it.
   * @default - none: an IPv4-only NLB
   */
  readonly ipv6Address?: string;
  /**
   * The subnet's IPv6 CIDR: where it is a literal, `ipv6Address` is checked to lie in it.
   * @default - not checked here: AWS refuses an address outside the subnet when it creates the NLB
   */
  readonly subnetIpv6CidrBlock?: string;
  /**
   * The zone's fixed private IPv4 address, in the subnet; required with `scheme` `internal`, refused without.
   * @default - none: an internet-facing NLB, whose static IPs are Elastic IPs
   */
  readonly privateIpv4Address?: string;
}

export interface ForwardedPort {
  /** Port the NLB listens on. */
  readonly port: number;
  /**
   * ALB listener port the traffic goes to.
   * @default - the same as `port`
   */
  readonly albPort?: number;
  /**
   * ARN of this port's own ALB, the target of its target group with `albTarget`.
   * @default - `albTarget.albArn`
   */
  readonly albArn?: string;
}

/** How AWS checks an ALB target: over HTTP or HTTPS, to one of the ALB's listeners. */
export interface AlbHealthCheck {
  /**
   * @default - `HTTPS` where the ALB port is 443, `HTTP` elsewhere: an HTTP check of a TLS listener always fails
   */
  readonly protocol?: "HTTP" | "HTTPS";
  /**
   * ALB listener port the check goes to.
   * @default - the target group's own, the ALB port
   */
  readonly port?: number;
  /** @default "/" */
  readonly path?: string;
  /** HTTP codes of a healthy answer, from 200 to 599. @default "200-399" */
  readonly matcher?: string;
}

/** The ALB itself as the one target of each target group, kept registered by AWS. */
export interface AlbTarget {
  /**
   * ARN (or Terraform reference) of the ALB, in the NLB's account and VPC.
   * @default - none: every port names its own (`ForwardedPort.albArn`)
   */
  readonly albArn?: string;
  /** @default - see `AlbHealthCheck` */
  readonly healthCheck?: AlbHealthCheck;
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
  /** One NLB subnet mapping per zone, with its Elastic IP (internet-facing) or private IPv4 address (internal). */
  readonly zones: readonly StaticIpZone[];
  /**
   * `internal`: an NLB reached only from its VPC and what is routed to it (VPN, Direct Connect, peering, a Transit
   * Gateway), at each zone's `privateIpv4Address`, with no Elastic IPs. AWS sets the scheme only when it creates an
   * NLB: changing it replaces the NLB, which `protectLoadBalancer` refuses.
   * @default "internet-facing"
   */
  readonly scheme?: Scheme;
  /**
   * `dualstack`: IPv6 clients too, at each zone's `ipv6Address`. The NLB translates them to the IPv4 target groups,
   * so the ALB sees the NLB's address, not theirs, as it does for IPv4 clients.
   * @default "ipv4"
   */
  readonly ipAddressType?: IpAddressType;
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
  /**
   * Target groups of type `alb`, each with the ALB attached, instead of IP target groups for the sync function. They
   * sit at addresses (`aws_lb_target_group.alb_443`) and names (`<prefix>-alb-443`) of their own: AWS cannot change a
   * target group's type, and different ones let Terraform create the new groups and move the listeners onto them
   * before it deletes the old, both ways.
   * @default - IP target groups, whose targets the sync function keeps
   */
  readonly albTarget?: AlbTarget;
  /**
   * The NLB's security group (an allowlist's). AWS attaches an NLB's security groups only when it creates the NLB:
   * adding the first or removing the last replaces it, which `protectLoadBalancer` refuses.
   * @default - none: the NLB admits everyone, as the blog's
   */
  readonly securityGroup?: SecurityGroup;
}

/** A target group of the NLB: of the ALB's IPs, which the sync function keeps, or of the ALB itself. */
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
 * TCP listener forwarding to a target group: of IPs (the ALB's nodes, kept by the sync function) or of the ALB itself.
 * Or an internal NLB at a fixed private IPv4 address per zone instead; either one dual-stack, with a fixed IPv6
 * address per zone too.
 *
 * Terraform addresses depend on the zone (`aws_eip.us_east_1a`) or the port (`aws_lb_target_group.public_443`,
 * `aws_lb_listener.public_443`) alone, and the NLB's (`aws_lb.public`) on nothing, so that only removing a zone or a
 * port can take an Elastic IP or a listener away.
 */
export class StaticIpFront extends Construct {
  /** The Elastic IPs' addresses, or on an internal NLB the private IPv4 addresses. */
  readonly staticIps: readonly string[];
  /** The IPv6 addresses, in zone order; none on an IPv4-only NLB. */
  readonly staticIpv6s: readonly string[];
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
      return props.adoptAddressPrefix === undefined
        ? resource
        : movedFromPrefixed(resource, props.adoptAddressPrefix, ...address);
    };

    const internal = props.scheme === "internal";
    const eips = (internal ? [] : props.zones).map((zone) =>
      placed(
        new Eip(this, `eip-${zone.availabilityZone}`, {
          domain: "vpc",
          tags: { Name: terraformId(props.namePrefix, zone.availabilityZone) },
          lifecycle: { preventDestroy: protectStaticIps },
        }),
        zone.availabilityZone,
      ),
    );
    this.staticIps = internal
      ? props.zones.map((zone) => zone.privateIpv4Address ?? "")
      : eips.map((eip) => eip.publicIp);
    this.staticIpv6s = props.zones.flatMap((zone) =>
      zone.ipv6Address === undefined ? [] : [ipv6AsAwsWritesIt(zone.ipv6Address)],
    );

    // AWS gives an NLB security groups only at creation, but the provider forces the replacement only when it knows
    // the first group's id at plan time (a group created in the same plan has none yet), and never when the last is
    // removed (it keeps the groups it has): either way it would plan an update that fails halfway through the apply.
    // Whether the NLB has security groups is recorded here, so that a change of it replaces the NLB in the plan,
    // where prevent_destroy refuses it.
    const securityGroupsAttached = atAddress(
      new DataResource(this, "nlb-security-groups", {
        triggersReplace: {
          attached: String(props.securityGroup !== undefined),
          // Turning dual-stack on gives the NLB's zones IPv6 addresses that only a new NLB takes (see
          // zoneAddressRecords); recorded only when on, so that an IPv4-only stack's record stays as it was.
          ...(props.ipAddressType === "dualstack" ? { ip_address_type: "dualstack" } : {}),
        },
      }),
      "nlb_security_groups",
    );
    const triggers = [securityGroupsAttached, ...zoneAddressRecords(this, props.zones)];
    this.loadBalancer = placed(
      new Lb(this, "nlb", {
        name: publicName,
        loadBalancerType: "network",
        internal,
        // Set only for dual-stack, so that an IPv4-only stack synthesizes as before this setting existed.
        ipAddressType: props.ipAddressType === "dualstack" ? "dualstack" : undefined,
        subnetMapping: subnetMappings(props.zones, internal ? undefined : eips.map((eip) => eip.id)),
        enableCrossZoneLoadBalancing: props.crossZone ?? true,
        securityGroups: props.securityGroup && [props.securityGroup.id],
        lifecycle: {
          preventDestroy: protectLoadBalancer,
          // Terraform reads a reference here as a bare address in JSON (cdktf would write `"${…}"`, which it refuses)
          // but as an expression in HCL (where a quoted address is no reference), so each output gets its own.
          replaceTriggeredBy: triggers.map((record) =>
            App.of(this).hclOutput ? record : `${record.terraformResourceType}.${record.friendlyUniqueId}`,
          ),
        },
      }),
      "public",
    );

    // In port order whatever the config's order, so that reordering the ports changes nothing the function is given.
    const ports = [...props.ports].sort((a, b) => a.port - b.port);
    this.targetGroups = ports.map(({ port, albPort = port, albArn }) => {
      const targetGroup = props.albTarget
        ? this.albTargetGroup(props.namePrefix, props.vpcId, port, albPort, {
            ...props.albTarget,
            albArn: albArn ?? props.albTarget.albArn,
          })
        : placed(
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

  /** A TCP target group on the ALB's listener port (AWS requires both) with the ALB as its one target. */
  private albTargetGroup(
    namePrefix: string,
    vpcId: string,
    port: number,
    albPort: number,
    { albArn, healthCheck = {} }: AlbTarget,
  ): LbTargetGroup {
    if (albArn === undefined) {
      throw new ValidationError(`port ${port}: albTarget needs an ALB ARN, the port's own or albTarget.albArn`, this);
    }
    const targetGroup = atAddress(
      new LbTargetGroup(this, `alb-target-group-${port}`, {
        name: `${namePrefix}-alb-${port}`,
        port: albPort,
        protocol: "TCP",
        targetType: "alb",
        vpcId,
        healthCheck: {
          enabled: true,
          protocol: healthCheck.protocol ?? (albPort === 443 ? "HTTPS" : "HTTP"),
          port: healthCheck.port === undefined ? "traffic-port" : String(healthCheck.port),
          path: healthCheck.path ?? ALB_HEALTH_CHECK_DEFAULTS.path,
          matcher: healthCheck.matcher ?? ALB_HEALTH_CHECK_DEFAULTS.matcher,
        },
      }),
      "alb",
      port,
    );
    atAddress(
      new LbTargetGroupAttachment(this, `alb-attachment-${port}`, {
        targetGroupArn: targetGroup.arn,
        targetId: albArn,
        port: albPort,
      }),
      "alb",
      port,
    );
    return targetGroup;
  }
}

function validate(scope: Construct, props: StaticIpFrontProps): void {
  if (props.zones.length === 0) {
    throw new ValidationError("zones must list at least one availability zone with its public subnet", scope);
  }
  if (props.ports.length === 0) {
    throw new ValidationError("ports must list at least one port to forward", scope);
  }
  const [addressProblem] = zoneAddressProblems(
    props.zones,
    { scheme: props.scheme ?? "internet-facing", ipAddressType: props.ipAddressType ?? "ipv4" },
    (value) => !Token.isUnresolved(value),
  );
  if (addressProblem) {
    const [, index, field] = addressProblem.path;
    throw new ValidationError(`zones[${index}].${field}: ${addressProblem.message}`, scope);
  }
  const ports = props.ports.map((entry) => entry.port);
  const duplicate = ports.find((port, index) => ports.indexOf(port) !== index);
  if (duplicate !== undefined) {
    throw new ValidationError(`port ${duplicate} is listed twice; each NLB port can have one listener`, scope);
  }
}
