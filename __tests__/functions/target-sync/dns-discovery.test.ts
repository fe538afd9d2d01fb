import { createSocket } from "node:dgram";
import type { AddressInfo } from "node:net";
import { discoverAlbIps } from "../../../functions/target-sync/dns-discovery";
import { adaptiveStoppingRule } from "../../../functions/target-sync/stopping-rules";
import { albIps, type FakeDnsServer, LOOPBACK_DNS_TIMEOUT_MS, startDnsServer } from "../../loopback-aws/dns-server";
import { originalStoppingRule } from "./stopping-rule-model";

const ALB = "internal-app-1.us-east-1.elb.amazonaws.com";
const options = {
  maxLookupsPerRun: 50,
  timeoutMs: LOOPBACK_DNS_TIMEOUT_MS,
  parallelism: 10,
  stoppingRule: originalStoppingRule,
};
const adaptive = { ...options, maxLookupsPerRun: 600, parallelism: 16, stoppingRule: adaptiveStoppingRule };
const CLOSED = { host: "127.0.0.1", port: 9 };

let dns: FakeDnsServer;
beforeAll(async () => {
  dns = await startDnsServer({
    name: "us-east-1.elb.amazonaws.com",
    nameServers: ["ns-1.awsdns.test", "ns-2.awsdns.test"],
  });
});
afterAll(() => dns.close());
const server = () => ({ host: "127.0.0.1", port: dns.port });

describe("discoverAlbIps with the original stopping rule", () => {
  it("stops after the first answer when it holds fewer than 8 records", async () => {
    dns.setRecords(ALB, albIps(5));
    const result = await discoverAlbIps(ALB, [server()], options);
    expect([...result.ips].sort()).toEqual([...albIps(5)].sort());
    expect(result.stats.queries).toBe(1);
  });

  it("spends every lookup when the ALB has 8 or more IPs", async () => {
    dns.setRecords(ALB, albIps(8));
    const result = await discoverAlbIps(ALB, [server()], options);
    expect(result.stats).toMatchObject({ queries: 50, stoppedBy: "cap" });
  });

  it("moves a failed query on to the next server", async () => {
    dns.setRecords(ALB, albIps(3));
    const result = await discoverAlbIps(ALB, [CLOSED, server()], options);
    expect(result.ips.size).toBe(3);
  });

  it("fails when every server fails", async () => {
    await expect(discoverAlbIps(ALB, [CLOSED], options)).rejects.toThrow(
      /every name server failed for .* \(127\.0\.0\.1:9: /,
    );
  });
});

describe("discoverAlbIps with the adaptive stopping rule", () => {
  it("costs one query for an ALB of fewer than 8 IPs", async () => {
    dns.setRecords(ALB, albIps(3));
    const result = await discoverAlbIps(ALB, [server()], adaptive);
    expect(result.stats).toMatchObject({ queries: 1, stoppedBy: "rule" });
  });

  it("costs five queries for an ALB of exactly 8 IPs, without overshooting", async () => {
    dns.setRecords(ALB, albIps(8));
    const result = await discoverAlbIps(ALB, [server()], adaptive);
    expect(result.stats).toMatchObject({ queries: 5, stoppedBy: "rule" });
  });

  it.each([64, 150])("finds all %i IPs of an ALB answered 8 at a time", async (count) => {
    dns.setRecords(ALB, albIps(count));
    const result = await discoverAlbIps(ALB, [server()], adaptive);
    expect(result.ips.size).toBe(count);
    expect(result.stats.stoppedBy).toBe("rule");
  });
});

describe("discoverAlbIps's query timeout", () => {
  it("gives every query its full timeout, however fast the answers before it came", async () => {
    // c-ares would cut a channel's timeout to 250 ms after 3 answers this fast; the 4th answer comes after a second.
    dns.setRecords(ALB, albIps(8));
    dns.slowDownFrom(4, 1000);

    const result = await discoverAlbIps(ALB, [server()], { ...options, maxLookupsPerRun: 4, parallelism: 1 }).finally(
      () => dns.slowDownFrom(Number.POSITIVE_INFINITY, 0),
    );

    expect(result.stats.queries).toBe(4);
  });
});

describe("discoverAlbIps at the run's deadline", () => {
  it("cancels the queries in flight and fails, saying the deadline cut it off", async () => {
    // A name server that takes every query and never answers.
    const silent = createSocket("udp4");
    await new Promise<void>((resolve) => silent.bind(0, "127.0.0.1", resolve));
    const deadline = new AbortController();
    silent.once("message", () => deadline.abort());

    const discovery = discoverAlbIps(
      ALB,
      [{ host: "127.0.0.1", port: (silent.address() as AddressInfo).port }],
      { ...options, timeoutMs: 30_000 },
      deadline.signal,
    ).finally(() => silent.close());

    await expect(discovery).rejects.toThrow(`discovery of ${ALB} was cut off by the run's deadline`);
  });
});
