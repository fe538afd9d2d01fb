/**
 * The config's address settings: the NLB's scheme and IP address type, each zone's fixed private IPv4 and IPv6
 * addresses, and the allowlist's CIDRs of either family; and what each setting needs of the others.
 */
import { z } from "zod";
import { cidrFamily } from "./ip-addresses";
import { IP_ADDRESS_TYPES, SCHEMES, zoneAddressProblems } from "./zone-addresses";

export const schemeSchema = z
  .enum(SCHEMES, {
    error: 'expected "internet-facing" (Elastic IPs) or "internal" (a fixed private IPv4 address per zone)',
  })
  .default("internet-facing");

export const ipAddressTypeSchema = z
  .enum(IP_ADDRESS_TYPES, { error: 'expected "ipv4" or "dualstack" (a fixed IPv6 address per zone too)' })
  .default("ipv4");

/** A zone's address fields, checked against the scheme and IP address type by `reportAddressProblems`. */
export const zoneAddressFields = {
  ipv6Address: z.string({ error: 'expected an IPv6 address, like "2600:1f18:1234:5601::10"' }).optional(),
  subnetIpv6CidrBlock: z
    .string({ error: 'expected the subnet\'s IPv6 CIDR, like "2600:1f18:1234:5601::/64"' })
    .optional(),
  privateIpv4Address: z.string({ error: 'expected an IPv4 address, like "10.0.1.10"' }).optional(),
};

const SOURCE_EXAMPLES = '"203.0.113.0/24" or "2001:db8::/32" ("0.0.0.0/0" and "::/0" for everyone)';

/** One allowlisted source: a CIDR of either family. */
export const allowedSourceSchema = z
  .string({ error: `expected a CIDR like ${SOURCE_EXAMPLES}` })
  .refine((cidr) => cidrFamily(cidr) !== undefined, { error: `expected an IPv4 or IPv6 CIDR like ${SOURCE_EXAMPLES}` });

/** The settings the checks read, as the schema gives them. */
export interface AddressSettings {
  readonly scheme: (typeof SCHEMES)[number];
  readonly ipAddressType: (typeof IP_ADDRESS_TYPES)[number];
  readonly zones: readonly z.infer<z.ZodObject<typeof zoneAddressFields>>[];
  readonly allowedSources?: readonly string[];
  readonly ports: readonly { readonly allowedSources?: readonly string[] }[];
  readonly protectStaticIps: boolean;
}

export function reportAddressProblems(config: AddressSettings, ctx: z.RefinementCtx): void {
  // Each zone's values are checked as literals; a problem of a value's form names the value as its input, by which
  // the construct's check (`propsProblems`) leaves a token alone.
  for (const { path, message, input } of zoneAddressProblems(config.zones, config)) {
    ctx.addIssue({ code: "custom", path: [...path], message, ...(input === undefined ? {} : { input }) });
  }
  if (config.ipAddressType === "ipv4") {
    const refuseIpv6 = (sources: readonly string[] | undefined, path: readonly (string | number)[]): void => {
      (sources ?? []).forEach((cidr, index) => {
        if (cidrFamily(cidr) !== "ipv6") return;
        ctx.addIssue({
          code: "custom",
          path: [...path, index],
          message: `expected an IPv4 CIDR: IPv6 clients reach the NLB only with "ipAddressType": "dualstack", got "${cidr}"`,
        });
      });
    };
    refuseIpv6(config.allowedSources, ["allowedSources"]);
    config.ports.forEach((entry, index) => {
      refuseIpv6(entry.allowedSources, ["ports", index, "allowedSources"]);
    });
  }
  // A deployed stack switched to internal would release its Elastic IPs: Terraform destroys what leaves the config,
  // past prevent_destroy. Saying false is the operator's word that no Elastic IP of the stack is to be kept.
  if (config.scheme === "internal" && config.protectStaticIps) {
    ctx.addIssue({
      code: "custom",
      path: ["protectStaticIps"],
      message:
        'expected false with scheme "internal", which has no Elastic IPs: on a deployed internet-facing stack the switch releases them for good',
    });
  }
}
