import { DnsAlbIpSource } from "../../../functions/target-sync/dns-alb-ip-source";
import { adaptiveStoppingRule } from "../../../functions/target-sync/stopping-rules";
import { albIps, type FakeDnsServer, LOOPBACK_DNS_TIMEOUT_MS, startDnsServer } from "../../loopback-aws/dns-server";

const ALB = "internal-app-1.us-east-1.elb.amazonaws.com";
const adaptive = {
  maxLookupsPerRun: 600,
  timeoutMs: LOOPBACK_DNS_TIMEOUT_MS,
  parallelism: 16,
  stoppingRule: adaptiveStoppingRule,
};

let dns: FakeDnsServer;
beforeAll(async () => {
  dns = await startDnsServer();
});
afterAll(() => dns.close());
const server = () => ({ host: "127.0.0.1", port: dns.port });

describe("DnsAlbIpSource", () => {
  it("uses the fixed servers when given", async () => {
    dns.setRecords(ALB, albIps(2));
    const source = new DnsAlbIpSource(ALB, [server()], adaptive);
    expect((await source.discover()).ips.size).toBe(2);
  });

  it("says when the cap, not the rule, ended discovery", async () => {
    dns.setRecords(ALB, albIps(64));
    const source = new DnsAlbIpSource(ALB, [server()], { ...adaptive, maxLookupsPerRun: 20 });
    const result = await source.discover();
    expect(result.stats).toMatchObject({ queries: 20, stoppedBy: "cap" });
    expect(result.warning).toMatch(/stopped at MAX_LOOKUP_PER_INVOCATION \(20\) .*raise it/);
  });
});
