import type { LbSubnetMapping } from "@cdktf/provider-aws/lib/lb";
import { canonicalIpv6, isIpv6Address } from "./ip-addresses";

/** A zone of the NLB as its subnet mapping needs it. */
export interface MappedZone {
  readonly subnetId: string;
  readonly ipv6Address?: string;
  readonly privateIpv4Address?: string;
}

/**
 * One subnet mapping per zone, each holding the zone's fixed addresses: its Elastic IP's allocation (`allocationIds`,
 * internet-facing) or its private IPv4 address (internal), and its IPv6 address (dual-stack). AWS assigns an
 * address that a mapping leaves out at random and keeps it only as long as the NLB, so every static address is here.
 */
export function subnetMappings(
  zones: readonly MappedZone[],
  allocationIds: readonly string[] | undefined,
): LbSubnetMapping[] {
  return zones.map((zone, index) => ({
    subnetId: zone.subnetId,
    ...(allocationIds === undefined
      ? { privateIpv4Address: zone.privateIpv4Address }
      : { allocationId: allocationIds[index] }),
    ...(zone.ipv6Address === undefined ? {} : { ipv6Address: ipv6AsAwsWritesIt(zone.ipv6Address) }),
  }));
}

/** A literal in AWS's form, so that the state (which holds AWS's) matches it; a Terraform reference as it is. */
export function ipv6AsAwsWritesIt(address: string): string {
  return isIpv6Address(address) ? canonicalIpv6(address) : address;
}
