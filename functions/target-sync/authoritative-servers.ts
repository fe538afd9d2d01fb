import { Resolver } from "node:dns/promises";
import type { DnsServer } from "./contract";
import { AUTHORITATIVE_NEGATIVE, DnsDiscoveryError } from "./dns-discovery";

/**
 * The authoritative servers of the ALB's zone: the name minus its first label (`us-east-1.elb.amazonaws.com`),
 * walking up while a label is not a zone apex. Looked up through `bootstrap` (the system's resolver by default).
 */
export async function findAuthoritativeServers(
  name: string,
  bootstrap: Resolver = new Resolver(),
): Promise<DnsServer[]> {
  const labels = name.split(".");
  for (let start = 1; start < labels.length - 1; start++) {
    const zone = labels.slice(start).join(".");
    let nameServers: string[];
    try {
      nameServers = await bootstrap.resolveNs(zone);
    } catch (error) {
      if (AUTHORITATIVE_NEGATIVE.has((error as NodeJS.ErrnoException).code ?? "")) continue;
      throw new DnsDiscoveryError(`cannot look up the name servers of ${zone}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    const addresses = await Promise.allSettled(nameServers.map((server) => bootstrap.resolve4(server)));
    const hosts = addresses.flatMap((result) => (result.status === "fulfilled" ? result.value : []));
    if (hosts.length === 0)
      throw new DnsDiscoveryError(`the name servers of ${zone} (${nameServers.join(", ")}) have no addresses`);
    return [...new Set(hosts)].map((host) => ({ host, port: 53 }));
  }
  throw new DnsDiscoveryError(`found no zone with name servers above ${name}`);
}
