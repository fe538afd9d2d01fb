/**
 * The NLB's static addresses that the config fixes: each zone's private IPv4 address (internal) and IPv6 address
 * (dual-stack), which customers allowlist. An internet-facing NLB's IPv4 addresses are Elastic IPs that AWS picked
 * at allocation: the config does not hold them, the stack's `static_ips` output does.
 */
import type { StaticIpConfig } from "../lib/config";
import { canonicalIpv6 } from "../lib/ip-addresses";

export interface ZoneStaticAddresses {
  readonly zone: string;
  readonly privateIpv4Address?: string;
  readonly ipv6Address?: string;
}

/** Each zone's fixed addresses, in the config's zone order; none when the config fixes none. */
export function staticAddresses(config: Pick<StaticIpConfig, "zones">): ZoneStaticAddresses[] {
  const zones = config.zones.map((zone) => ({
    zone: zone.availabilityZone,
    ...(zone.privateIpv4Address === undefined ? {} : { privateIpv4Address: zone.privateIpv4Address }),
    // As AWS writes it, and as the stack's static_ipv6s output says it.
    ...(zone.ipv6Address === undefined ? {} : { ipv6Address: canonicalIpv6(zone.ipv6Address) }),
  }));
  return zones.some((zone) => zone.privateIpv4Address ?? zone.ipv6Address) ? zones : [];
}

/** A table of them, with a blank line after; nothing when there are none. */
export function renderStaticAddresses(addresses: readonly ZoneStaticAddresses[]): string {
  if (addresses.length === 0) return "";
  const columns = (
    [
      ["zone", (zone: ZoneStaticAddresses) => zone.zone],
      ["private IPv4", (zone: ZoneStaticAddresses) => zone.privateIpv4Address],
      ["IPv6", (zone: ZoneStaticAddresses) => zone.ipv6Address],
    ] as const
  ).filter(([, cell]) => addresses.some((zone) => cell(zone) !== undefined));
  const rows = [
    columns.map(([title]) => title),
    ...addresses.map((zone) => columns.map(([, cell]) => cell(zone) ?? "-")),
  ];
  const widths = columns.map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const lines = rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]))
      .join("  ")
      .trimEnd(),
  );
  const source = addresses.some((zone) => zone.privateIpv4Address !== undefined)
    ? "the config's"
    : "the config's; the Elastic IPs are the stack's static_ips output";
  return `static addresses (${source})\n${lines.join("\n")}\n\n`;
}
