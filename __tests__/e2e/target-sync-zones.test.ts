/** The bundled function telling when a static IP reaches no ALB node, at the wire. */
import { ALB_DNS_NAME, type LoopbackAws, startLoopbackAws } from "../loopback-aws/index";
import { invokeBundle } from "./invoke-bundle";

/** The zone of each subnet the ALB's IPs are in, as AWS finds the zone of an IP registered without one. */
const SUBNET_ZONES: Readonly<Record<string, string>> = {
  "10.0.1": "us-east-1a",
  "10.0.2": "us-east-1b",
  "10.0.3": "us-east-1c",
  "10.0.4": "us-east-1d",
};

let aws: LoopbackAws;
beforeAll(async () => {
  aws = await startLoopbackAws();
  aws.elb.zoneOf = (ip) => SUBNET_ZONES[ip.split(".").slice(0, 3).join(".")];
});
afterAll(() => aws.close());

const NLB_ZONES = "us-east-1a,us-east-1b,us-east-1d";
const env = (arn: string) =>
  aws.env({ TARGET_GROUPS: JSON.stringify([{ arn, port: 443 }]), NLB_ZONES, CROSS_ZONE: "false" });
const changes = (arn: string) =>
  aws.elb.calls.filter((call) => call.targetGroupArn === arn && call.action !== "DescribeTargetHealth");
const metric = (lines: readonly Record<string, unknown>[]) =>
  lines.find((line) => "ZonesWithoutHealthyTarget" in line)?.ZonesWithoutHealthyTarget;

describe("the function checking that every static IP reaches an ALB node", () => {
  const twoGroups = (web: string, tls: string) =>
    aws.env({
      TARGET_GROUPS: JSON.stringify([
        { arn: web, port: 80 },
        { arn: tls, port: 443 },
      ]),
      NLB_ZONES,
      CROSS_ZONE: "false",
    });

  it("warns of nothing and publishes 0 on a first run into empty target groups: the targets it registers are on their way", async () => {
    const web = aws.newTargetGroup("zones-first-run-80");
    const tls = aws.newTargetGroup("zones-first-run-443");
    aws.dns.setRecords(ALB_DNS_NAME, ["10.0.1.5", "10.0.2.5", "10.0.4.5"]);

    const run = await invokeBundle(twoGroups(web, tls));

    expect(run.exitCode).toBe(0);
    expect(aws.elb.inService(web)).toEqual(["10.0.1.5", "10.0.2.5", "10.0.4.5"]);
    expect(run.logs.filter((line) => line.level === "WARN")).toEqual([]);
    expect(metric(run.logs)).toBe(0);
  });

  it("names the zone the ALB has no IP in on a first run into empty target groups, on every port", async () => {
    const web = aws.newTargetGroup("zones-first-run-gap-80");
    const tls = aws.newTargetGroup("zones-first-run-gap-443");
    aws.dns.setRecords(ALB_DNS_NAME, ["10.0.1.5", "10.0.2.5"]);

    const run = await invokeBundle(twoGroups(web, tls));

    expect(run.logs.filter((line) => line.level === "WARN").map((line) => line.zonesCutOff)).toEqual([
      [{ zone: "us-east-1d", ports: [80, 443] }],
    ]);
    expect(metric(run.logs)).toBe(1);
    expect(aws.elb.inService(tls)).toEqual(["10.0.1.5", "10.0.2.5"]);
  });

  it("names the ALB IPs in a zone the NLB lacks (Target.NotInUse) and the NLB zone they leave empty", async () => {
    const arn = aws.newTargetGroup("zones-not-in-use");
    aws.dns.setRecords(ALB_DNS_NAME, ["10.0.1.5", "10.0.2.5", "10.0.3.5"]);
    aws.elb.addTargetGroup(arn, [
      { ip: "10.0.1.5", port: 443, state: "healthy", availabilityZone: "us-east-1a" },
      { ip: "10.0.2.5", port: 443, state: "healthy", availabilityZone: "us-east-1b" },
      { ip: "10.0.3.5", port: 443, state: "unused", reason: "Target.NotInUse", availabilityZone: "us-east-1c" },
    ]);

    const run = await invokeBundle(env(arn));

    expect(run.exitCode).toBe(0);
    expect(run.logs.filter((line) => line.level === "WARN")).toEqual([
      expect.objectContaining({
        message: expect.stringContaining(
          "the static IP in us-east-1d reaches no ALB node on port 443; ALB IPs 10.0.3.5 are in zones the NLB does not have (Target.NotInUse)",
        ),
        zonesCutOff: [{ zone: "us-east-1d", ports: [443] }],
        unusedIps: ["10.0.3.5"],
      }),
    ]);
    expect(metric(run.logs)).toBe(1);
    expect(changes(arn)).toEqual([]);
  });

  it("names the NLB zone whose ALB targets are all unhealthy, and changes no target for it", async () => {
    const arn = aws.newTargetGroup("zones-unhealthy");
    aws.dns.setRecords(ALB_DNS_NAME, ["10.0.1.5", "10.0.2.5", "10.0.4.5"]);
    aws.elb.addTargetGroup(arn, [
      { ip: "10.0.1.5", port: 443, state: "healthy", availabilityZone: "us-east-1a" },
      { ip: "10.0.2.5", port: 443, state: "healthy", availabilityZone: "us-east-1b" },
      {
        ip: "10.0.4.5",
        port: 443,
        state: "unhealthy",
        reason: "Target.FailedHealthChecks",
        availabilityZone: "us-east-1d",
      },
    ]);

    const run = await invokeBundle(env(arn));

    expect(run.logs.filter((line) => line.level === "WARN").map((line) => line.zonesCutOff)).toEqual([
      [{ zone: "us-east-1d", ports: [443] }],
    ]);
    expect(metric(run.logs)).toBe(1);
    expect(changes(arn)).toEqual([]);
  });

  it("says nothing, and publishes 0, when every NLB zone has a healthy ALB target", async () => {
    const arn = aws.newTargetGroup("zones-covered");
    aws.dns.setRecords(ALB_DNS_NAME, ["10.0.1.5", "10.0.2.5", "10.0.4.5"]);
    aws.elb.addTargetGroup(arn, [
      { ip: "10.0.1.5", port: 443, state: "healthy", availabilityZone: "us-east-1a" },
      { ip: "10.0.2.5", port: 443, state: "healthy", availabilityZone: "us-east-1b" },
      { ip: "10.0.4.5", port: 443, state: "healthy", availabilityZone: "us-east-1d" },
    ]);

    const run = await invokeBundle(env(arn));

    expect(run.logs.filter((line) => line.level === "WARN")).toEqual([]);
    expect(metric(run.logs)).toBe(0);
  });

  it("needs no health data with ENI discovery, which knows the ALB's zones", async () => {
    const arn = aws.newTargetGroup("zones-eni");
    const description = "ELB app/app-internal/50dc6c495c0c9188";
    aws.ec2.setInterfaces([
      { id: "eni-a", description, status: "in-use", privateIp: "10.0.1.5", availabilityZone: "us-east-1a" },
      { id: "eni-b", description, status: "in-use", privateIp: "10.0.2.5", availabilityZone: "us-east-1b" },
      { id: "eni-c", description, status: "in-use", privateIp: "10.0.3.5", availabilityZone: "us-east-1c" },
    ]);

    const run = await invokeBundle({
      ...env(arn),
      DISCOVERY: "eni",
      ALB_ARN: "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/app-internal/50dc6c495c0c9188",
    });

    expect(run.logs.filter((line) => line.level === "WARN")).toEqual([
      expect.objectContaining({ zonesCutOff: [{ zone: "us-east-1d", ports: [443] }], unusedIps: ["10.0.3.5"] }),
    ]);
  });
});
