/**
 * IP addresses and CIDRs as the config and the constructs check them, on Node's own parsers (`node:net`): what is an
 * address, what is a CIDR of which family, whether a CIDR holds an address, and an IPv6 address as AWS writes it.
 */
import { BlockList, isIPv4, isIPv6 } from "node:net";

export type IpFamily = "ipv4" | "ipv6";

/** An IPv4 address, dotted decimal without leading zeros (`10.0.1.10`). */
export function isIpv4Address(text: string): boolean {
  return isIPv4(text);
}

/** An IPv6 address without a zone index (`%eth0` names an interface of one host, nothing AWS can assign). */
export function isIpv6Address(text: string): boolean {
  return isIPv6(text) && !text.includes("%");
}

/**
 * The IPv6 address in RFC 5952's form, lower case with the longest run of zeros as `::` (`2600:1F18:0:0::0010` →
 * `2600:1f18::10`), as AWS reports it: an NLB's subnet mapping written otherwise would differ from its state at every
 * plan, and a changed mapping replaces the NLB. The URL parser is Node's RFC 5952 serializer.
 */
export function canonicalIpv6(address: string): string {
  return new URL(`http://[${address}]/`).hostname.slice(1, -1);
}

/** The CIDR's family, or undefined when it is none: an address of the family, `/`, and a prefix length in range. */
export function cidrFamily(text: string): IpFamily | undefined {
  const parts = text.split("/");
  if (parts.length !== 2 || !/^(0|[1-9]\d{0,2})$/.test(parts[1])) return undefined;
  const [address, prefix] = [parts[0], Number(parts[1])];
  if (isIpv4Address(address) && prefix <= 32) return "ipv4";
  if (isIpv6Address(address) && prefix <= 128) return "ipv6";
  return undefined;
}

/** Whether the CIDR (of the address's family) holds the address. */
export function cidrContains(cidr: string, address: string): boolean {
  const family = cidrFamily(cidr);
  if (family === undefined) return false;
  const [network, prefix] = cidr.split("/");
  const block = new BlockList();
  block.addSubnet(network, Number(prefix), family);
  return (family === "ipv4" ? isIpv4Address(address) : isIpv6Address(address)) && block.check(address, family);
}
