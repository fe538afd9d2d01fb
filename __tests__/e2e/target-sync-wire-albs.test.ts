/**
 * Several ALBs behind one set of static IPs, at the wire: the bundled function with target groups of two ALBs, both
 * names answered by the loopback DNS server (or one not), and a port moved from one ALB to the other.
 */
import { ALB_DNS_NAME, type LoopbackAws, startLoopbackAws } from "../loopback-aws";
import { albIps } from "../loopback-aws/dns-server";
import { type Invocation, invokeBundle } from "./invoke-bundle";
import { bundleRuntimes } from "./node-runtimes";
import { runPeriodsApart } from "./schedule-clock";

/** A second ALB in the loopback ALB's zone, with IPs of its own. */
const ADMIN_ALB = "internal-admin-987654321.us-east-1.elb.amazonaws.com";
const adminIps = (count: number) => albIps(count, 100);

let aws: LoopbackAws;
beforeAll(async () => {
  aws = await startLoopbackAws();
});
afterAll(() => aws.close());

interface Group {
  readonly arn: string;
  readonly port: number;
  readonly albDnsName?: string;
}
const targetGroupsEnv = (...groups: Group[]) => ({ TARGET_GROUPS: JSON.stringify(groups) });
const stateKey = (arn: string, alb: string) => `${arn}/${alb}/active.json`;
const logFor = (invocation: Invocation, arn: string) => invocation.logs.find((line) => line.targetGroupArn === arn);

describe.each(bundleRuntimes())("on $name", ({ execPath }) => {
  const invoke = (env: Record<string, string>) => invokeBundle(env, execPath);

  const runTimes = (runs: number, env: Record<string, string>) => runPeriodsApart(aws, invoke, runs, env);

  describe("target groups of two ALBs at the wire", () => {
    it("syncs each target group with its own ALB's IPs, and keeps its state under its ALB's name", async () => {
      const web = aws.newTargetGroup("albs-web");
      const tls = aws.newTargetGroup("albs-tls");
      const admin = aws.newTargetGroup("albs-admin");
      const legacy = aws.newTargetGroup("albs-legacy");
      aws.dns.setRecords(ALB_DNS_NAME, albIps(3));
      aws.dns.setRecords(ADMIN_ALB, adminIps(2));

      const run = await invoke(
        aws.env(
          targetGroupsEnv(
            { arn: web, port: 80 },
            { arn: tls, port: 443 },
            { arn: admin, port: 8443, albDnsName: ADMIN_ALB },
            { arn: legacy, port: 80, albDnsName: ADMIN_ALB },
          ),
        ),
      );

      expect(run).toMatchObject({ exitCode: 0, error: undefined });
      expect(run.result?.albs).toMatchObject([
        { albDnsName: ALB_DNS_NAME, ipCount: 3 },
        { albDnsName: ADMIN_ALB, ipCount: 2 },
      ]);
      expect([web, tls, admin, legacy].map((arn) => aws.elb.inService(arn))).toEqual([
        albIps(3),
        albIps(3),
        adminIps(2),
        adminIps(2),
      ]);
      expect(await aws.s3.getObject(stateKey(admin, ADMIN_ALB))).toContain('"IPCount":2');
      expect(await aws.s3.getObject(stateKey(admin, ALB_DNS_NAME))).toBeUndefined();
      expect(logFor(run, legacy)).toMatchObject({ albDnsName: ADMIN_ALB, port: 80, registered: adminIps(2) });
      expect(run.logs).toContainEqual(expect.objectContaining({ LoadBalancer: ADMIN_ALB, LoadBalancerIPCount: 2 }));
    });

    it("fails only the groups of an ALB whose name does not resolve, naming ALB and group, syncs the others, and fails the run", async () => {
      const web = aws.newTargetGroup("albs-down-web");
      const admin = aws.newTargetGroup("albs-down-admin");
      const unknownAlb = "internal-gone-111111111.us-east-1.elb.amazonaws.com";
      aws.dns.setRecords(ALB_DNS_NAME, albIps(2));

      const run = await invoke(
        aws.env(targetGroupsEnv({ arn: web, port: 80 }, { arn: admin, port: 8443, albDnsName: unknownAlb })),
      );

      expect(run.exitCode).toBe(1);
      expect(run.error).toContain(`${admin} (discovery of ${unknownAlb} failed`);
      expect(aws.elb.inService(web)).toEqual(albIps(2));
      expect(aws.elb.inService(admin)).toEqual([]);
      expect(await aws.s3.getObject(stateKey(admin, unknownAlb))).toBeUndefined();
      expect(run.logs).toContainEqual(
        expect.objectContaining({
          level: "ERROR",
          message: "ALB IP discovery failed; none of its target groups changed",
          albDnsName: unknownAlb,
        }),
      );
      expect(logFor(run, admin)).toMatchObject({
        level: "ERROR",
        message: "target group not synced: its ALB's IP discovery failed",
        albDnsName: unknownAlb,
        port: 8443,
      });
      expect(run.logs).toContainEqual(expect.objectContaining({ LoadBalancer: unknownAlb, LoadBalancerIPCount: 0 }));
    });

    it("moves a port to another ALB: the new ALB's IPs on the next run, the old ones out on their Nth miss, never before", async () => {
      const tls = aws.newTargetGroup("albs-moved");
      aws.dns.setRecords(ALB_DNS_NAME, albIps(2));
      aws.dns.setRecords(ADMIN_ALB, adminIps(2));
      const runs = { INVOCATIONS_BEFORE_DEREGISTRATION: "3" };
      await runTimes(1, aws.env({ ...targetGroupsEnv({ arn: tls, port: 443 }), ...runs }));
      const moved = aws.env({ ...targetGroupsEnv({ arn: tls, port: 443, albDnsName: ADMIN_ALB }), ...runs });

      const [first, second] = await runTimes(2, moved);
      const inServiceBeforeLastMiss = aws.elb.inService(tls);
      const [third] = await runTimes(1, moved);

      expect(logFor(first, tls)).toMatchObject({
        albDnsName: ADMIN_ALB,
        registered: adminIps(2),
        deregistered: [],
        pendingDeregistration: Object.fromEntries(albIps(2).map((ip) => [ip, 1])),
      });
      expect(logFor(second, tls)).toMatchObject({ deregistered: [] });
      expect([...inServiceBeforeLastMiss].sort()).toEqual([...albIps(2), ...adminIps(2)].sort());
      expect(logFor(third, tls)).toMatchObject({ deregistered: albIps(2) });
      expect(aws.elb.inService(tls)).toEqual(adminIps(2));
    });
  });
});
