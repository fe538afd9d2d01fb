import { Resolver } from "node:dns/promises";
import { findAuthoritativeServers } from "../../../functions/target-sync/authoritative-servers";
import { type FakeDnsServer, startDnsServer } from "../../loopback-aws/dns-server";

const ALB = "internal-app-1.us-east-1.elb.amazonaws.com";

let dns: FakeDnsServer;
beforeAll(async () => {
  dns = await startDnsServer({
    name: "us-east-1.elb.amazonaws.com",
    nameServers: ["ns-1.awsdns.test", "ns-2.awsdns.test"],
  });
});
afterAll(() => dns.close());

describe("findAuthoritativeServers", () => {
  it("asks for the NS records of the name minus its first label and returns their addresses", async () => {
    const bootstrap = new Resolver();
    bootstrap.setServers([`127.0.0.1:${dns.port}`]);
    expect(await findAuthoritativeServers(ALB, bootstrap)).toEqual([{ host: "127.0.0.1", port: 53 }]);
  });
});
