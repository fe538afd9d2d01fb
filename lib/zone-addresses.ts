/**
 * The fixed addresses of the NLB's zones besides their Elastic IPs: a private IPv4 address each on an internal NLB,
 * an IPv6 address each on a dual-stack one. What each scheme and IP address type needs of a zone is checked here
 * once, for the config (whose problems name `config.zones[i].…`) and the construct (`zones[i].…`) alike. No cdktf
 * here: the config schema uses it.
 */
import { cidrContains, cidrFamily, isIpv4Address, isIpv6Address } from "./ip-addresses";

/** Whether the NLB faces the internet (Elastic IPs) or only its VPC and what is routed to it (private IPs). */
export const SCHEMES = ["internet-facing", "internal"] as const;
export type Scheme = (typeof SCHEMES)[number];

/** Whether clients reach the NLB over IPv4 alone or over IPv6 too. */
export const IP_ADDRESS_TYPES = ["ipv4", "dualstack"] as const;
export type IpAddressType = (typeof IP_ADDRESS_TYPES)[number];

/** A zone's addresses as the config and the construct both name them. */
export interface ZoneAddresses {
  /** The zone's fixed IPv6 address (dual-stack). */
  readonly ipv6Address?: string;
  /** The zone's subnet's IPv6 CIDR, to check `ipv6Address` against where it is known. */
  readonly subnetIpv6CidrBlock?: string;
  /** The zone's fixed private IPv4 address (internal). */
  readonly privateIpv4Address?: string;
}

export interface ZoneAddressProblem {
  /** The zone's index and the field at fault. */
  readonly path: readonly ["zones", number, keyof ZoneAddresses];
  readonly message: string;
  /**
   * The value whose form is at fault, where the problem is its form alone: the construct's schema check drops such a
   * problem when the value is a token, whose placeholder text says nothing of the value Terraform fills in.
   */
  readonly input?: string;
}

const IPV6_EXAMPLE = "2600:1f18:1234:5601::10";
const IPV6_CIDR_EXAMPLE = "2600:1f18:1234:5601::/64";
const IPV4_EXAMPLE = "10.0.1.10";

/**
 * Each zone's fields that the scheme and IP address type need, refuse or find malformed. `isKnown` tells a literal
 * from a value only Terraform knows (a construct's token), which is left to AWS.
 */
export function zoneAddressProblems(
  zones: readonly ZoneAddresses[],
  { scheme, ipAddressType }: { readonly scheme: Scheme; readonly ipAddressType: IpAddressType },
  isKnown: (value: string) => boolean = () => true,
): ZoneAddressProblem[] {
  return zones.flatMap((zone, index) => {
    const problem = (field: keyof ZoneAddresses, message: string, input?: string): ZoneAddressProblem => ({
      path: ["zones", index, field],
      message,
      ...(input === undefined ? {} : { input }),
    });
    const problems: ZoneAddressProblem[] = [];
    const { ipv6Address, subnetIpv6CidrBlock, privateIpv4Address } = zone;

    if (ipAddressType === "dualstack" && ipv6Address === undefined) {
      problems.push(
        problem(
          "ipv6Address",
          `is required with ipAddressType "dualstack": the zone's fixed IPv6 address, like "${IPV6_EXAMPLE}", in its subnet's IPv6 CIDR`,
        ),
      );
    } else if (ipAddressType === "ipv4" && ipv6Address !== undefined) {
      problems.push(
        problem(
          "ipv6Address",
          'expected no ipv6Address with ipAddressType "ipv4" (the default): set "ipAddressType": "dualstack" for static IPv6 addresses',
        ),
      );
    } else if (ipv6Address !== undefined && isKnown(ipv6Address) && !isIpv6Address(ipv6Address)) {
      problems.push(problem("ipv6Address", `expected an IPv6 address, like "${IPV6_EXAMPLE}"`, ipv6Address));
    }
    if (subnetIpv6CidrBlock !== undefined && isKnown(subnetIpv6CidrBlock)) {
      if (cidrFamily(subnetIpv6CidrBlock) !== "ipv6") {
        problems.push(
          problem(
            "subnetIpv6CidrBlock",
            `expected the subnet's IPv6 CIDR, like "${IPV6_CIDR_EXAMPLE}"`,
            subnetIpv6CidrBlock,
          ),
        );
      } else if (
        ipv6Address !== undefined &&
        isKnown(ipv6Address) &&
        isIpv6Address(ipv6Address) &&
        !cidrContains(subnetIpv6CidrBlock, ipv6Address)
      ) {
        problems.push(
          problem(
            "ipv6Address",
            `expected an address in the subnet's IPv6 CIDR ${subnetIpv6CidrBlock} (subnetIpv6CidrBlock), got "${ipv6Address}"`,
          ),
        );
      }
    }

    if (scheme === "internal" && privateIpv4Address === undefined) {
      problems.push(
        problem(
          "privateIpv4Address",
          `is required with scheme "internal": the zone's fixed private IPv4 address, like "${IPV4_EXAMPLE}", in its subnet`,
        ),
      );
    } else if (scheme === "internet-facing" && privateIpv4Address !== undefined) {
      problems.push(
        problem(
          "privateIpv4Address",
          'expected no privateIpv4Address with scheme "internet-facing" (the default), whose static IPs are Elastic IPs: set "scheme": "internal" for fixed private addresses',
        ),
      );
    } else if (privateIpv4Address !== undefined && isKnown(privateIpv4Address) && !isIpv4Address(privateIpv4Address)) {
      problems.push(
        problem("privateIpv4Address", `expected an IPv4 address, like "${IPV4_EXAMPLE}"`, privateIpv4Address),
      );
    }
    return problems;
  });
}
