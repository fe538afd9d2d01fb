import { DataResource } from "cdktf";
import type { Construct } from "constructs";
import { ipv6AsAwsWritesIt } from "./subnet-mappings";
import { atAddress } from "./terraform-names";

/** A zone whose NLB addresses the config fixes. */
export interface AddressedZone {
  readonly availabilityZone: string;
  readonly ipv6Address?: string;
  readonly privateIpv4Address?: string;
}

/**
 * One record per zone of the addresses the config fixes for it (`terraform_data.nlb_addresses_us_east_1a`), for the
 * NLB's `replace_triggered_by`. AWS sets a zone's addresses when it creates the NLB or adds the zone, never after:
 * SetSubnets must be given every zone the NLB has "with their existing configurations". The provider plans a changed
 * address as an update in place, which AWS would refuse halfway through the apply; a changed record replaces the NLB
 * in the plan instead, where prevent_destroy refuses it. A zone added is a record created, which triggers nothing, as
 * AWS adds a zone in place. Zones with no fixed address but their Elastic IP get none, as before these records.
 */
export function zoneAddressRecords(scope: Construct, zones: readonly AddressedZone[]): DataResource[] {
  return zones
    .filter((zone) => zone.ipv6Address !== undefined || zone.privateIpv4Address !== undefined)
    .map((zone) =>
      atAddress(
        new DataResource(scope, `nlb-addresses-${zone.availabilityZone}`, {
          triggersReplace: {
            ...(zone.privateIpv4Address === undefined ? {} : { private_ipv4_address: zone.privateIpv4Address }),
            ...(zone.ipv6Address === undefined ? {} : { ipv6_address: ipv6AsAwsWritesIt(zone.ipv6Address) }),
          },
        }),
        "nlb_addresses",
        zone.availabilityZone,
      ),
    );
}
