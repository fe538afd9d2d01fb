/** Variants of the example config with fixed IPv6 or private IPv4 addresses per zone, for the tests that need them. */
import type { StaticIpConfig } from "../../lib/config";
import { EXAMPLE_ALB_ARN, exampleConfigJson, exampleConfigWith } from "./stack";

/** An IPv6 address in each of the example's zones (us-east-1a, b, d), in a made-up /56 of the VPC. */
export const EXAMPLE_IPV6_ADDRESSES = ["2600:1f18:4a3:6a01::10", "2600:1f18:4a3:6a02::10", "2600:1f18:4a3:6a04::10"];

/** A private IPv4 address in each of the example's zones. */
export const EXAMPLE_PRIVATE_IPV4_ADDRESSES = ["10.0.1.10", "10.0.2.10", "10.0.4.10"];

/** The example's zones, each with the fields `fields` gives for its index. */
export function exampleZonesWith(fields: (index: number) => Record<string, unknown>): Record<string, unknown>[] {
  return (exampleConfigJson().zones as Record<string, unknown>[]).map((zone, index) => ({ ...zone, ...fields(index) }));
}

/** The example config, dual-stack: each zone with its IPv6 address. */
export function exampleDualStackConfigWith(overrides: Record<string, unknown>): StaticIpConfig {
  return exampleConfigWith({
    ipAddressType: "dualstack",
    zones: exampleZonesWith((index) => ({ ipv6Address: EXAMPLE_IPV6_ADDRESSES[index] })),
    ...overrides,
  });
}

/** The example config, internal: each zone with its private IPv4 address, and no Elastic IP to protect. */
export function exampleInternalConfigWith(overrides: Record<string, unknown>): StaticIpConfig {
  return exampleConfigWith({
    scheme: "internal",
    protectStaticIps: false,
    zones: exampleZonesWith((index) => ({ privateIpv4Address: EXAMPLE_PRIVATE_IPV4_ADDRESSES[index] })),
    ...overrides,
  });
}

/** `config`'s raw JSON in alb mode: the ALB's ARN, and no function settings. */
export function inAlbMode(overrides: Record<string, unknown>): Record<string, unknown> {
  return { targets: "alb", albArn: EXAMPLE_ALB_ARN, function: undefined, ...overrides };
}
