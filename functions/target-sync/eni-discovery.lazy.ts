/**
 * ENI discovery (`DISCOVERY=eni`): the ALB's IPs are the private IPv4 addresses of the network interfaces ELB
 * made for it, which it describes as `ELB app/<alb-name>/<alb-id>`. Exact and complete in one call.
 *
 * Bundled on its own (dist/functions/target-sync/eni-discovery.lazy.js) and loaded only in this mode: the EC2
 * client alone would more than double the bundle every DNS-mode cold start has to load.
 */
import { EC2Client, type EC2ClientConfig, paginateDescribeNetworkInterfaces } from "@aws-sdk/client-ec2";
import type { AlbIpDiscovery, AlbIpSource } from "./ports";

export class EniDiscoveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EniDiscoveryError";
  }
}

/** `arn:…:loadbalancer/app/<name>/<id>` → `ELB app/<name>/<id>`, the description ELB gives the ALB's interfaces. */
export function albInterfaceDescription(albArn: string): string {
  const match = /:loadbalancer\/(app\/[^/]+\/[0-9a-f]+)$/.exec(albArn);
  if (!match) throw new EniDiscoveryError(`${albArn} is not an Application Load Balancer ARN`);
  return `ELB ${match[1]}`;
}

class EniAlbIpSource implements AlbIpSource {
  private readonly description: string;

  constructor(
    private readonly ec2: EC2Client,
    albArn: string,
  ) {
    this.description = albInterfaceDescription(albArn);
  }

  async discover(deadline?: AbortSignal): Promise<AlbIpDiscovery> {
    const ips = new Set<string>();
    const zones = new Map<string, string>();
    let apiCalls = 0;
    let interfaces = 0;
    const pages = paginateDescribeNetworkInterfaces(
      { client: this.ec2 },
      {
        Filters: [
          { Name: "description", Values: [this.description] },
          { Name: "status", Values: ["in-use"] },
        ],
      },
      { abortSignal: deadline },
    );
    for await (const page of pages) {
      apiCalls++;
      for (const networkInterface of page.NetworkInterfaces ?? []) {
        interfaces++;
        if (networkInterface.PrivateIpAddress) {
          ips.add(networkInterface.PrivateIpAddress);
          if (networkInterface.AvailabilityZone)
            zones.set(networkInterface.PrivateIpAddress, networkInterface.AvailabilityZone);
        }
      }
    }
    if (ips.size === 0)
      throw new EniDiscoveryError(`no in-use network interface is described as "${this.description}"`);
    return { ips, stats: { apiCalls, interfaces }, zones };
  }
}

/** Builds the source with its own EC2 client (created once per container, like the others). */
export function createEniAlbIpSource(
  albArn: string,
  clientConfig: Pick<EC2ClientConfig, "requestHandler">,
  instrument: (client: EC2Client) => void,
): AlbIpSource {
  const ec2 = new EC2Client(clientConfig);
  instrument(ec2);
  return new EniAlbIpSource(ec2, albArn);
}
