/**
 * The operator's command, built and run as a child process against the same loopback DNS, S3 and ELBv2 servers as
 * the function's wire tests; the function itself runs beside it, to show the preview is what the next run does.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Inspection } from "../../cli/inspect";
import { albIps } from "../loopback-aws/dns-server";
import { ALB_DNS_NAME, type LoopbackAws, startLoopbackAws } from "../loopback-aws/index";
import { EXAMPLE_ALB_ARN, exampleConfigJson } from "../synthesis/stack";
import { invokeBundle } from "./invoke-bundle";
import { supportedRuntimes } from "./node-runtimes";
import { runCli } from "./run-cli";
import { letSchedulePeriodPass } from "./schedule-clock";

let aws: LoopbackAws;
let configFile: string;
beforeAll(async () => {
  aws = await startLoopbackAws();
  const dir = mkdtempSync(join(tmpdir(), "cli-"));
  configFile = join(dir, "static-ip.config.json");
  writeFileSync(
    configFile,
    JSON.stringify({
      ...exampleConfigJson(),
      albDnsName: ALB_DNS_NAME,
      stateBucket: aws.s3.bucket,
      ports: [{ port: 443 }],
      function: { runsBeforeDeregistration: 3 },
    }),
  );
});
afterAll(() => aws.close());

const cli = (args: readonly string[], env: Record<string, string> = {}, node = process.execPath) =>
  runCli(args, aws.env(env), node);

const status = async (arn: string, ...more: string[]) =>
  cli(["status", "--config", configFile, "--target-group", `443=${arn}`, ...more]);
const inspection = async (arn: string): Promise<Inspection> =>
  JSON.parse((await status(arn, "--json")).stdout) as Inspection;
const functionEnv = (arn: string) =>
  aws.env({ TARGET_GROUPS: JSON.stringify([{ arn, port: 443 }]), INVOCATIONS_BEFORE_DEREGISTRATION: "3" });

/** A target group the function has synced once to `count` ALB IPs, with targets settled to healthy. */
async function syncedGroup(name: string, count: number): Promise<string> {
  const arn = aws.newTargetGroup(name);
  aws.dns.setRecords(ALB_DNS_NAME, albIps(count));
  await invokeBundle(functionEnv(arn));
  aws.elb.settle();
  return arn;
}

const writes = () => ({
  s3Puts: aws.s3.requests.PUT ?? 0,
  elbChanges: aws.elb.calls.filter((call) => call.action !== "DescribeTargetHealth").length,
});

describe("alb-static-ip status", () => {
  it("says a synced target group is in sync, and a dry run exits 0", async () => {
    const arn = await syncedGroup("cli-in-sync", 3);

    const [shown, dryRun] = [
      await inspection(arn),
      await cli(["sync", "--dry-run", "--config", configFile, "--target-group", `443=${arn}`]),
    ];

    expect(shown.targetGroups[0]).toMatchObject({ verdict: "in sync", changes: false });
    expect(shown.targetGroups[0].rows.map((row) => row.next)).toEqual(["keep", "keep", "keep"]);
    expect(dryRun.code).toBe(0);
  });

  it("shows a scaled-out IP as to be registered, and a dry run exits 2", async () => {
    const arn = await syncedGroup("cli-scale-out", 2);
    aws.dns.setRecords(ALB_DNS_NAME, albIps(3));

    const shown = await inspection(arn);
    const dryRun = await cli(["sync", "--dry-run", "--config", configFile, "--target-group", `443=${arn}`]);

    expect(shown.targetGroups[0].verdict).toBe("will change");
    expect(shown.targetGroups[0].rows.find((row) => row.ip === albIps(3)[2])).toEqual({
      ip: albIps(3)[2],
      inDns: true,
      next: "register",
    });
    expect(dryRun.code).toBe(2);
  });

  it("shows a target on its Kth miss as to be deregistered", async () => {
    const arn = await syncedGroup("cli-kth-miss", 3);
    aws.dns.setRecords(ALB_DNS_NAME, albIps(2));
    for (let run = 0; run < 2; run++) {
      await letSchedulePeriodPass(aws.s3, [arn]);
      await invokeBundle(functionEnv(arn));
    }
    await letSchedulePeriodPass(aws.s3, [arn]);

    const row = (await inspection(arn)).targetGroups[0].rows.find((entry) => entry.ip === albIps(3)[2]);

    expect(row).toMatchObject({
      inDns: false,
      target: { state: "healthy" },
      misses: 2,
      next: "deregister (miss 3 of 3)",
    });
  });

  it("says when a run now would count no miss, a miss having been counted less than half a period ago", async () => {
    const arn = await syncedGroup("cli-just-counted", 3);
    aws.dns.setRecords(ALB_DNS_NAME, albIps(2));
    await letSchedulePeriodPass(aws.s3, [arn]);
    await invokeBundle(functionEnv(arn));

    const run = await status(arn);

    expect(run.stdout).toContain(
      "note: a miss was counted less than half a schedule period ago, so a run now counts none; the next scheduled run does",
    );
    expect(run.stdout).toContain("keep (miss 1 of 3)");
  });

  it("prints a drifted target group as a table with a verdict saying what the next run does", async () => {
    const arn = await syncedGroup("cli-drift", 2);
    aws.elb.addTargetGroup(arn, [{ ip: albIps(2)[0], port: 443, state: "healthy" }]);

    const run = await status(arn);

    expect(run.code).toBe(0);
    expect(run.stdout.split("\n").slice(1)).toEqual([
      "",
      `target group ${arn} (ALB port 443)`,
      expect.stringMatching(/^state last changed \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      "IP        in DNS  target   misses  next run",
      "10.0.0.1  yes     healthy  -       keep",
      "10.0.0.2  yes     -        -       register",
      "verdict: drifted: 10.0.0.2 stored as registered but not in service: the next run registers them",
      "",
    ]);
    expect(run.stdout.split("\n")[0]).toMatch(
      new RegExp(`^ALB ${ALB_DNS_NAME.replace(/\./g, "\\.")}: 2 IPs \\(queries 1, .*stoppedBy rule\\)$`),
    );
  });

  it("names an unhealthy target with ELB's reason", async () => {
    const arn = await syncedGroup("cli-unhealthy", 2);
    const [target] = aws.elb.targets(arn);
    target.state = "unhealthy";
    target.reason = "Target.FailedHealthChecks";

    const [group] = (await inspection(arn)).targetGroups;

    expect(group).toMatchObject({
      verdict: "unhealthy targets",
      detail: `${target.ip} failing the NLB's health checks`,
    });
    expect(group.rows[0].target).toEqual({ state: "unhealthy", reason: "Target.FailedHealthChecks" });
  });

  it("fails naming the discovery and what it needs when DNS is down", async () => {
    const arn = aws.newTargetGroup("cli-dns-down");

    const run = await cli(["status", "--config", configFile, "--target-group", `443=${arn}`], {
      DNS_SERVERS: "127.0.0.1:9",
    });

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      new RegExp(
        `^alb-static-ip: CallFailedError: DNS discovery of ${ALB_DNS_NAME.replace(/\./g, "\\.")} failed \\(needs DNS .*\\): DnsDiscoveryError: every name server failed`,
        "m",
      ),
    );
  });

  it("fails naming the call and the permission when S3 denies the state", async () => {
    const arn = await syncedGroup("cli-s3-denied", 2);
    aws.s3.failReads = { status: 403, code: "AccessDenied" };

    const run = await status(arn).finally(() => (aws.s3.failReads = undefined));

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `reading the state of ${arn} from s3://${aws.s3.bucket} failed (needs s3:GetObject and s3:ListBucket on ${aws.s3.bucket})`,
    );
    expect(run.stderr).toContain("AccessDenied (HTTP 403)");
  });

  it("writes nothing anywhere, for status and for a dry run", async () => {
    const arn = await syncedGroup("cli-read-only", 2);
    aws.dns.setRecords(ALB_DNS_NAME, albIps(4));
    const before = writes();

    await status(arn);
    await cli(["sync", "--dry-run", "--config", configFile, "--target-group", `443=${arn}`]);

    expect(writes()).toEqual(before);
  });

  it("previews exactly what the next function run then does", async () => {
    const arn = await syncedGroup("cli-preview", 4);
    aws.dns.setRecords(ALB_DNS_NAME, [...albIps(4).slice(1), ...albIps(2, 10)]);
    for (let run = 0; run < 2; run++) {
      await letSchedulePeriodPass(aws.s3, [arn]);
      await invokeBundle(functionEnv(arn));
    }
    aws.elb.settle();
    await letSchedulePeriodPass(aws.s3, [arn]);

    const { plan } = (await inspection(arn)).targetGroups[0];
    const run = await invokeBundle(functionEnv(arn));

    const synced = run.logs.find((line) => line.message === "target group synced");
    expect({
      registered: synced?.registered,
      deregistered: synced?.deregistered,
      pending: synced?.pendingDeregistration,
    }).toEqual({
      registered: plan.register,
      deregistered: plan.deregister,
      pending: plan.next.pendingDeregistration,
    });
    expect(plan.deregister).toEqual([albIps(4)[0]]);
  });

  it("finds the target groups in the stack's Terraform outputs", async () => {
    const arn = await syncedGroup("cli-outputs", 2);
    const outputs = join(mkdtempSync(join(tmpdir(), "outputs-")), "outputs.json");
    writeFileSync(
      outputs,
      JSON.stringify({ target_group_arns: { sensitive: false, type: ["object"], value: { "443": arn } } }),
    );

    const run = await cli(["status", "--config", configFile, "--state", outputs, "--json"]);

    expect((JSON.parse(run.stdout) as Inspection).targetGroups.map((group) => group.arn)).toEqual([arn]);
  });
});

describe("alb-static-ip status with ports of two ALBs", () => {
  const ADMIN_ALB = "internal-admin-987654321.us-east-1.elb.amazonaws.com";

  it("groups the tables by ALB, each group planned against its own ALB's IPs", async () => {
    const web = aws.newTargetGroup("cli-albs-web");
    const admin = aws.newTargetGroup("cli-albs-admin");
    aws.dns.setRecords(ALB_DNS_NAME, albIps(2));
    aws.dns.setRecords(ADMIN_ALB, albIps(1, 100));
    const twoAlbsConfig = join(mkdtempSync(join(tmpdir(), "cli-albs-")), "static-ip.config.json");
    writeFileSync(
      twoAlbsConfig,
      JSON.stringify({
        ...exampleConfigJson(),
        albDnsName: ALB_DNS_NAME,
        stateBucket: aws.s3.bucket,
        ports: [{ port: 443 }, { port: 8443, albDnsName: ADMIN_ALB }],
      }),
    );
    const args = ["--config", twoAlbsConfig, "--target-group", `443=${web}`, "--target-group", `8443=${admin}`];

    const text = await cli(["status", ...args]);
    const json = JSON.parse((await cli(["status", ...args, "--json"])).stdout) as Inspection;

    expect(text.code).toBe(0);
    const lines = text.stdout.split("\n");
    const section = (alb: string) => lines.findIndex((line) => line.startsWith(`ALB ${alb}: `));
    const table = (arn: string) => lines.findIndex((line) => line.startsWith(`target group ${arn} `));
    expect(section(ALB_DNS_NAME)).toBeLessThan(table(web));
    expect(table(web)).toBeLessThan(section(ADMIN_ALB));
    expect(section(ADMIN_ALB)).toBeLessThan(table(admin));
    expect(json.albs).toMatchObject([
      { albDnsName: ALB_DNS_NAME, discovery: { ipCount: 2 } },
      { albDnsName: ADMIN_ALB, discovery: { ipCount: 1 } },
    ]);
    expect(json.targetGroups.map((group) => [group.albDnsName, group.plan.register])).toEqual([
      [ALB_DNS_NAME, albIps(2)],
      [ADMIN_ALB, albIps(1, 100)],
    ]);
  });
});

describe("alb-static-ip sync", () => {
  it("runs one sync now, as the function would, state included", async () => {
    const arn = aws.newTargetGroup("cli-sync");
    aws.dns.setRecords(ALB_DNS_NAME, albIps(3));

    const run = await cli(["sync", "--config", configFile, "--target-group", `443=${arn}`]);

    expect(run.code).toBe(0);
    expect(aws.elb.inService(arn)).toEqual(albIps(3));
    expect(await aws.s3.getObject(`${arn}/${ALB_DNS_NAME}/active.json`)).toContain('"IPCount":3');
    expect((await inspection(arn)).targetGroups[0].verdict).toBe("in sync");
  });
});

describe("alb-static-ip with the ALB itself as the target", () => {
  it("refuses, there being no function, state or IP target to look at", async () => {
    const { function: _settings, ...raw } = exampleConfigJson();
    const albModeConfig = join(mkdtempSync(join(tmpdir(), "alb-mode-")), "static-ip.config.json");
    writeFileSync(albModeConfig, JSON.stringify({ ...raw, targets: "alb", albArn: EXAMPLE_ALB_ARN }));

    const run = await cli(["status", "--config", albModeConfig]);

    expect(run.code).toBe(64);
    expect(run.stderr).toContain('the config\'s targets are "alb": AWS keeps the ALB registered, nothing syncs');
  });
});

describe("alb-static-ip's command line", () => {
  it.each(["--help", "-h"])("prints its usage on stdout and exits 0 for %s", async (flag) => {
    const run = await cli([flag]);

    expect(run).toEqual({ code: 0, stdout: expect.stringMatching(/^usage: alb-static-ip /), stderr: "" });
    expect(run.stdout).toContain("-h, --help");
  });

  it("exits 64 with the usage on stderr for an unknown option", async () => {
    const run = await cli(["status", "--frobnicate"]);

    expect(run.code).toBe(64);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^alb-static-ip: Unknown option '--frobnicate'[^\n]*\nusage: alb-static-ip /);
  });

  it.each(supportedRuntimes())("shows the operator nothing but its answer on $name", async ({ execPath, version }) => {
    const arn = await syncedGroup(`cli-quiet-${version}`, 2);

    const run = await cli(["status", "--config", configFile, "--target-group", `443=${arn}`], {}, execPath);

    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain("in sync");
  });
});

describe("alb-static-ip status with static addresses the config fixes", () => {
  /** The test config with each zone's given fields added, in zone order. */
  const configWithZones = (settings: Record<string, unknown>, fields: Record<string, unknown>[]): string => {
    const raw = exampleConfigJson();
    const file = join(mkdtempSync(join(tmpdir(), "cli-static-")), "static-ip.config.json");
    const zones = (raw.zones as Record<string, unknown>[]).map((zone, index) => ({ ...zone, ...fields[index] }));
    writeFileSync(
      file,
      JSON.stringify({
        ...raw,
        albDnsName: ALB_DNS_NAME,
        stateBucket: aws.s3.bucket,
        ports: [{ port: 443 }],
        function: { runsBeforeDeregistration: 3 },
        ...settings,
        zones,
      }),
    );
    return file;
  };
  const ipv6 = ["2600:1f18:4a3:6a01::10", "2600:1f18:4a3:6a02::10", "2600:1f18:4a3:6a04::10"];

  it("shows each zone's IPv6 address first, as AWS writes it, the Elastic IPs being the stack's output", async () => {
    const arn = await syncedGroup("cli-dualstack", 2);
    const file = configWithZones({ ipAddressType: "dualstack" }, [
      { ipv6Address: "2600:1F18:4A3:6A01:0:0:0:10" },
      { ipv6Address: ipv6[1] },
      { ipv6Address: ipv6[2] },
    ]);

    const run = await cli(["status", "--config", file, "--target-group", `443=${arn}`]);

    expect(run.code).toBe(0);
    expect(run.stdout.split("\n").slice(0, 6)).toEqual([
      "static addresses (the config's; the Elastic IPs are the stack's static_ips output)",
      "zone        IPv6",
      `us-east-1a  ${ipv6[0]}`,
      `us-east-1b  ${ipv6[1]}`,
      `us-east-1d  ${ipv6[2]}`,
      "",
    ]);
    expect(run.stdout.split("\n")[6]).toMatch(/^ALB /);
  });

  it("gives an internal NLB's private IPv4 and IPv6 addresses in its JSON", async () => {
    const arn = await syncedGroup("cli-internal", 2);
    const privateIps = ["10.0.1.10", "10.0.2.10", "10.0.4.10"];
    const file = configWithZones(
      { scheme: "internal", ipAddressType: "dualstack", protectStaticIps: false },
      privateIps.map((privateIpv4Address, index) => ({ privateIpv4Address, ipv6Address: ipv6[index] })),
    );

    const run = await cli(["status", "--config", file, "--target-group", `443=${arn}`, "--json"]);

    expect(JSON.parse(run.stdout)).toMatchObject({
      staticAddresses: [
        { zone: "us-east-1a", privateIpv4Address: privateIps[0], ipv6Address: ipv6[0] },
        { zone: "us-east-1b", privateIpv4Address: privateIps[1], ipv6Address: ipv6[1] },
        { zone: "us-east-1d", privateIpv4Address: privateIps[2], ipv6Address: ipv6[2] },
      ],
      targetGroups: [expect.objectContaining({ verdict: "in sync" })],
    });
  });
});
