import { findAuthoritativeServers } from "./authoritative-servers";
import { type DnsServer, ENVIRONMENT_VARIABLES } from "./contract";
import { type DnsDiscovery, type DnsDiscoveryOptions, discoverAlbIps } from "./dns-discovery";
import type { AlbIpSource } from "./ports";

/**
 * The ALB's IPs from DNS, as an IP source for the sync: fixed servers when configured, otherwise the zone's
 * authoritative servers, looked up once per container and again after a failed discovery.
 */
export class DnsAlbIpSource implements AlbIpSource {
  private servers: Promise<readonly DnsServer[]> | undefined;

  constructor(
    private readonly albDnsName: string,
    private readonly fixedServers: readonly DnsServer[] | undefined,
    private readonly options: DnsDiscoveryOptions,
  ) {}

  async discover(deadline?: AbortSignal): Promise<DnsDiscovery> {
    this.servers ??= this.fixedServers ? Promise.resolve(this.fixedServers) : findAuthoritativeServers(this.albDnsName);
    try {
      const discovery = await discoverAlbIps(this.albDnsName, await this.servers, this.options, deadline);
      if (discovery.stats.stoppedBy === "rule") return discovery;
      return {
        ...discovery,
        warning: `DNS discovery stopped at ${ENVIRONMENT_VARIABLES.maxLookupsPerRun} (${this.options.maxLookupsPerRun}) before its stopping rule was met; some ALB IPs may be missing until a later run: raise it`,
      };
    } catch (error) {
      this.servers = undefined;
      throw error;
    }
  }
}
