/**
 * The bundled function, run as a child process against loopback DNS, S3 and ELBv2 servers speaking the real
 * protocols, on this machine's Node and on Node 22, the Lambda runtime's. Each test uses its own target groups, so
 * their state never mixes.
 */

import { resolve } from "node:path";
import { ALB_DNS_NAME, type LoopbackAws, startLoopbackAws } from "../loopback-aws";
import { albIps } from "../loopback-aws/dns-server";
import { PROJECT_ROOT } from "../synthesis/stack";
import { type Invocation, invokeBundle } from "./invoke-bundle";
import { bundleRuntimes } from "./node-runtimes";
import { runPeriodsApart } from "./schedule-clock";

let aws: LoopbackAws;
beforeAll(async () => {
  aws = await startLoopbackAws();
});
afterAll(() => aws.close());

const targetGroupsEnv = (...groups: { arn: string; port: number }[]) => ({ TARGET_GROUPS: JSON.stringify(groups) });
const stateKey = (arn: string, file: "active" | "pending") => `${arn}/${ALB_DNS_NAME}/${file}.json`;
const changeCalls = (arn: string) =>
  aws.elb.calls.filter((call) => call.targetGroupArn === arn && call.action !== "DescribeTargetHealth");
const logFor = (invocation: Invocation, arn: string) => invocation.logs.find((line) => line.targetGroupArn === arn);

/** S3 requests by method since `before` (a copy of `aws.s3.requests`), leaving out methods not used since. */
const requestsSince = (before: Record<string, number>) =>
  Object.fromEntries(
    Object.entries(aws.s3.requests)
      .map(([method, count]) => [method, count - (before[method] ?? 0)] as const)
      .filter(([, count]) => count > 0),
  );

describe.each(bundleRuntimes())("on $name", ({ execPath, version }) => {
  const invoke = (env: Record<string, string>) => invokeBundle(env, execPath);

  const runTimes = (runs: number, env: Record<string, string>) => runPeriodsApart(aws, invoke, runs, env);

  describe("the bundled target-sync function at the wire", () => {
    it("runs on the Node this suite names", async () => {
      const arn = aws.newTargetGroup("runtime");
      aws.dns.setRecords(ALB_DNS_NAME, albIps(1));

      const run = await invoke(aws.env(targetGroupsEnv({ arn, port: 443 })));

      expect(run.node).toBe(version);
    });

    it("registers every ALB IP on the first run, and stores them, with no pending file while none is missing", async () => {
      const arn = aws.newTargetGroup("first-run");
      aws.dns.setRecords(ALB_DNS_NAME, albIps(3));

      const run = await invoke(aws.env(targetGroupsEnv({ arn, port: 443 })));
      expect(run.exitCode).toBe(0);
      expect(aws.elb.inService(arn)).toEqual(albIps(3));
      expect(changeCalls(arn)).toEqual([
        { action: "RegisterTargets", targetGroupArn: arn, targets: albIps(3).map((id) => ({ id, port: 443 })) },
      ]);
      expect(JSON.parse((await aws.s3.getObject(stateKey(arn, "active"))) ?? "")).toEqual({
        schemaVersion: 1,
        LoadBalancerName: ALB_DNS_NAME,
        TimeStamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        IPList: albIps(3),
        IPCount: 3,
      });
      expect(await aws.s3.getObject(stateKey(arn, "pending"))).toBeUndefined();
    });

    it("makes no S3 PUT in a quiet run, and only the reads it needs: the state, the targets, the ALB's DNS", async () => {
      const web = aws.newTargetGroup("quiet-80");
      const tls = aws.newTargetGroup("quiet-443");
      const env = aws.env(targetGroupsEnv({ arn: web, port: 80 }, { arn: tls, port: 443 }));
      aws.dns.setRecords(ALB_DNS_NAME, albIps(3));
      await runTimes(1, env);
      const s3Before = { ...aws.s3.requests };
      const elbBefore = aws.elb.calls.length;
      const dnsBefore = aws.dns.queries;

      const run = await invoke(env);

      expect(run.exitCode).toBe(0);
      expect(requestsSince(s3Before)).toEqual({ GET: 4 });
      expect(aws.elb.calls.slice(elbBefore).map((call) => call.action)).toEqual([
        "DescribeTargetHealth",
        "DescribeTargetHealth",
      ]);
      expect(aws.dns.queries - dnsBefore).toBe(1);
      expect(logFor(run, web)).toMatchObject({ stateSaved: false, registered: [], deregistered: [] });
    });

    it("leaves active.json's timestamp at the last change, and logs each run's own time", async () => {
      const arn = aws.newTargetGroup("timestamps");
      const env = aws.env(targetGroupsEnv({ arn, port: 443 }));
      aws.dns.setRecords(ALB_DNS_NAME, albIps(2));
      const [change] = await runTimes(1, env);
      const changedAt = JSON.parse((await aws.s3.getObject(stateKey(arn, "active"))) ?? "").TimeStamp;

      const [quiet] = await runTimes(1, env);

      expect(logFor(change, arn)?.runAt).toBe(changedAt);
      expect(JSON.parse((await aws.s3.getObject(stateKey(arn, "active"))) ?? "").TimeStamp).toBe(changedAt);
      expect(Date.parse(String(logFor(quiet, arn)?.runAt))).toBeGreaterThan(Date.parse(changedAt));
    });

    it("registers a new IP after the ALB scales out, and nothing else", async () => {
      const arn = aws.newTargetGroup("scale-out");
      const env = aws.env(targetGroupsEnv({ arn, port: 443 }));
      aws.dns.setRecords(ALB_DNS_NAME, albIps(2));
      await runTimes(1, env);

      aws.dns.setRecords(ALB_DNS_NAME, albIps(3));
      const run = await invoke(env);

      expect(run.exitCode).toBe(0);
      expect(changeCalls(arn).at(-1)).toEqual({
        action: "RegisterTargets",
        targetGroupArn: arn,
        targets: [{ id: albIps(3)[2], port: 443 }],
      });
      expect(logFor(run, arn)).toMatchObject({
        registered: [albIps(3)[2]],
        counts: { registered: 1, deregistered: 0, unchanged: 2 },
      });
    });

    it("deregisters an IP the ALB dropped exactly on its Nth consecutive miss, with its port", async () => {
      const arn = aws.newTargetGroup("scale-in");
      const env = aws.env({ ...targetGroupsEnv({ arn, port: 80 }), INVOCATIONS_BEFORE_DEREGISTRATION: "3" });
      aws.dns.setRecords(ALB_DNS_NAME, albIps(3));
      await runTimes(1, env);
      const [dropped] = albIps(3).slice(2);

      aws.dns.setRecords(ALB_DNS_NAME, albIps(2));
      const [second, third] = await runTimes(2, env);
      expect(logFor(second, arn)).toMatchObject({ pendingDeregistration: { [dropped]: 1 }, deregistered: [] });
      expect(logFor(third, arn)).toMatchObject({ pendingDeregistration: { [dropped]: 2 }, deregistered: [] });
      expect(aws.elb.inService(arn)).toContain(dropped);

      const [fourth] = await runTimes(1, env);

      expect(logFor(fourth, arn)).toMatchObject({ deregistered: [dropped], pendingDeregistration: { [dropped]: 3 } });
      expect(changeCalls(arn).at(-1)).toEqual({
        action: "DeregisterTargets",
        targetGroupArn: arn,
        targets: [{ id: dropped, port: 80 }],
      });
      expect(aws.elb.inService(arn)).toEqual(albIps(2));
    });

    it("forgets a deregistered IP once ELB shows it leaving", async () => {
      const arn = aws.newTargetGroup("scale-in-forget");
      const env = aws.env({ ...targetGroupsEnv({ arn, port: 80 }), INVOCATIONS_BEFORE_DEREGISTRATION: "1" });
      aws.dns.setRecords(ALB_DNS_NAME, albIps(3));
      await runTimes(1, env);
      aws.dns.setRecords(ALB_DNS_NAME, albIps(2));
      const [deregistration] = await runTimes(1, env);

      const [after] = await runTimes(1, env);

      expect(logFor(deregistration, arn)).toMatchObject({ deregistered: [albIps(3)[2]] });
      expect(logFor(after, arn)).toMatchObject({ deregistered: [], pendingDeregistration: {} });
    });

    it("deregisters a due IP on the next run when DeregisterTargets failed on every attempt", async () => {
      const arn = aws.newTargetGroup("deregistration-fails");
      const env = aws.env({ ...targetGroupsEnv({ arn, port: 443 }), INVOCATIONS_BEFORE_DEREGISTRATION: "2" });
      aws.dns.setRecords(ALB_DNS_NAME, albIps(3));
      await runTimes(1, env);
      const [dropped] = albIps(3).slice(2);
      aws.dns.setRecords(ALB_DNS_NAME, albIps(2));
      await runTimes(1, env);
      aws.elb.failDeregistrations = true;

      const [failed] = await runTimes(1, env).finally(() => (aws.elb.failDeregistrations = false));
      const deregistrationCalls = changeCalls(arn).filter((call) => call.action === "DeregisterTargets").length;
      const pendingAfterFailure = JSON.parse((await aws.s3.getObject(stateKey(arn, "pending"))) ?? "");
      const [next] = await runTimes(1, env);

      expect(failed.exitCode).toBe(1);
      expect(deregistrationCalls).toBe(6);
      expect(logFor(failed, arn)).toMatchObject({
        level: "ERROR",
        error: { name: "TargetChangesError", cause: { awsErrorCode: "InternalFailure", httpStatusCode: 500 } },
      });
      expect(pendingAfterFailure).toMatchObject({ PendingDeregistration: { [dropped]: 2 } });
      expect(next.exitCode).toBe(0);
      expect(logFor(next, arn)).toMatchObject({ deregistered: [dropped] });
      expect(aws.elb.inService(arn)).toEqual(albIps(2));
    });

    it.each(["ValidationError", "InvalidTarget"] as const)(
      "registers every IP ELB takes, and makes a due deregistration, when ELB refuses one IP of the batch (%s)",
      async (code) => {
        const arn = aws.newTargetGroup(`refused-${code}`);
        const env = aws.env({ ...targetGroupsEnv({ arn, port: 443 }), INVOCATIONS_BEFORE_DEREGISTRATION: "2" });
        aws.dns.setRecords(ALB_DNS_NAME, albIps(3));
        await runTimes(1, env);
        const [gone] = albIps(3).slice(2);
        aws.dns.setRecords(ALB_DNS_NAME, albIps(2));
        await runTimes(1, env);
        const [accepted, refused] = code === "ValidationError" ? ["10.0.5.1", "10.0.5.2"] : ["10.0.6.1", "10.0.6.2"];
        aws.elb.refuse(refused, code);
        aws.dns.setRecords(ALB_DNS_NAME, [...albIps(2), accepted, refused]);
        const callsBefore = changeCalls(arn).length;

        const [run] = await runTimes(1, env);

        expect(run.exitCode).toBe(1);
        expect(run.error).toMatch(/SyncFailedError: 1 of 1 target groups failed/);
        expect(aws.elb.inService(arn)).toEqual([...albIps(2), accepted]);
        const registration = (ips: string[]) => ({
          action: "RegisterTargets",
          targetGroupArn: arn,
          targets: ips.map((id) => ({ id, port: 443 })),
        });
        const calls = changeCalls(arn).slice(callsBefore);
        expect(calls).toHaveLength(4);
        expect(calls).toEqual(
          expect.arrayContaining([
            registration([accepted, refused]),
            registration([accepted]),
            registration([refused]),
            { action: "DeregisterTargets", targetGroupArn: arn, targets: [{ id: gone, port: 443 }] },
          ]),
        );
        expect(run.logs.filter((line) => line.level === "ERROR")).toEqual([
          expect.objectContaining({
            message: "target group sync failed",
            targetGroupArn: arn,
            registered: [accepted],
            refused: {
              [refused]: expect.stringContaining(
                `${code === "ValidationError" ? code : "InvalidTargetException"} (HTTP 400)`,
              ),
            },
            deregistered: [gone],
          }),
        ]);
      },
    );

    it("counts one miss for a tick delivered twice: the duplicate changes and writes nothing", async () => {
      const arn = aws.newTargetGroup("duplicate");
      const env = aws.env({ ...targetGroupsEnv({ arn, port: 443 }), INVOCATIONS_BEFORE_DEREGISTRATION: "3" });
      aws.dns.setRecords(ALB_DNS_NAME, albIps(3));
      await runTimes(1, env);
      const [dropped] = albIps(3).slice(2);
      aws.dns.setRecords(ALB_DNS_NAME, albIps(2));
      const [tick] = await runTimes(1, env);
      const s3Before = { ...aws.s3.requests };

      const duplicate = await invoke(env);

      expect(logFor(tick, arn)).toMatchObject({ missesCounted: true, pendingDeregistration: { [dropped]: 1 } });
      expect(logFor(duplicate, arn)).toMatchObject({
        missesCounted: false,
        pendingDeregistration: { [dropped]: 1 },
        stateSaved: false,
      });
      expect(requestsSince(s3Before)).toEqual({ GET: 2 });
      expect(JSON.parse((await aws.s3.getObject(stateKey(arn, "pending"))) ?? "")).toMatchObject({
        PendingDeregistration: { [dropped]: 1 },
      });
      const [nextTick] = await runTimes(1, env);
      expect(logFor(nextTick, arn)).toMatchObject({ missesCounted: true, pendingDeregistration: { [dropped]: 2 } });
    });

    it("keeps an IP that flaps back before its Nth miss, and forgets its misses", async () => {
      const arn = aws.newTargetGroup("flap");
      const env = aws.env({ ...targetGroupsEnv({ arn, port: 443 }), INVOCATIONS_BEFORE_DEREGISTRATION: "3" });
      aws.dns.setRecords(ALB_DNS_NAME, albIps(3));
      await runTimes(1, env);
      aws.dns.setRecords(ALB_DNS_NAME, albIps(2));
      await runTimes(2, env);

      aws.dns.setRecords(ALB_DNS_NAME, albIps(3));
      const [back] = await runTimes(1, env);
      aws.dns.setRecords(ALB_DNS_NAME, albIps(2));
      const [missingAgain] = await runTimes(1, env);

      expect(logFor(back, arn)).toMatchObject({ pendingDeregistration: {}, registered: [], deregistered: [] });
      expect(logFor(missingAgain, arn)).toMatchObject({ pendingDeregistration: { [albIps(3)[2]]: 1 } });
      expect(changeCalls(arn).filter((call) => call.action === "DeregisterTargets")).toEqual([]);
    });

    it("serves two target groups from one DNS discovery, each with its own state", async () => {
      const web = aws.newTargetGroup("web-80");
      const tls = aws.newTargetGroup("tls-443");
      aws.dns.setRecords(ALB_DNS_NAME, albIps(4));
      aws.elb.addTargetGroup(tls, [{ ip: "10.9.9.9", port: 443, state: "healthy" }]);
      const queriesBefore = aws.dns.queries;

      const run = await invoke(aws.env(targetGroupsEnv({ arn: web, port: 80 }, { arn: tls, port: 443 })));

      expect(run.exitCode).toBe(0);
      expect(run.result?.albs).toEqual([
        { albDnsName: ALB_DNS_NAME, ipCount: 4, discovery: expect.objectContaining({ queries: expect.any(Number) }) },
      ]);
      expect(run.result?.albs[0]).toMatchObject({ discovery: { queries: aws.dns.queries - queriesBefore } });
      expect(aws.elb.inService(web)).toEqual(albIps(4));
      expect(aws.elb.inService(tls)).toEqual([...albIps(4), "10.9.9.9"]);
      expect(logFor(run, web)).toMatchObject({ port: 80, pendingDeregistration: {} });
      expect(logFor(run, tls)).toMatchObject({ port: 443, pendingDeregistration: { "10.9.9.9": 1 } });
      expect(await aws.s3.getObject(stateKey(web, "pending"))).toBeUndefined();
      expect(await aws.s3.getObject(stateKey(tls, "pending"))).toContain('"PendingDeregistration":{"10.9.9.9":1}');
    });

    it.each([12, 64, 150])("registers every IP of a %i-IP ALB, answered 8 at a time, in one run", async (count) => {
      const arn = aws.newTargetGroup(`alb-of-${count}`);
      aws.dns.setRecords(ALB_DNS_NAME, albIps(count));

      const run = await invoke(aws.env(targetGroupsEnv({ arn, port: 443 })));

      expect(run).toMatchObject({ exitCode: 0, error: undefined });
      expect(run.result?.albs).toMatchObject([{ albDnsName: ALB_DNS_NAME, ipCount: count }]);
      expect(aws.elb.inService(arn)).toEqual([...albIps(count)].sort());
    });

    it("asks DNS only a few times for a 3-IP ALB", async () => {
      const arn = aws.newTargetGroup("small-alb");
      aws.dns.setRecords(ALB_DNS_NAME, albIps(3));

      const run = await invoke(aws.env(targetGroupsEnv({ arn, port: 443 })));

      expect(run.result?.albs[0]).toMatchObject({ discovery: { queries: 1, stoppedBy: "rule" } });
    });

    it("publishes the IP count as an Embedded Metric Format line in its own namespace", async () => {
      const arn = aws.newTargetGroup("metric");
      aws.dns.setRecords(ALB_DNS_NAME, albIps(5));

      const run = await invoke(aws.env(targetGroupsEnv({ arn, port: 443 })));

      expect(run.logs).toContainEqual({
        _aws: {
          Timestamp: expect.any(Number),
          CloudWatchMetrics: [
            {
              Namespace: "AlbStaticIp",
              Dimensions: [["LoadBalancer"]],
              Metrics: [{ Name: "LoadBalancerIPCount", Unit: "Count" }],
            },
          ],
        },
        LoadBalancer: ALB_DNS_NAME,
        LoadBalancerIPCount: 5,
      });
    });

    it("accepts the original function's NLB_TG_ARN and ALB_LISTENER", async () => {
      const arn = aws.newTargetGroup("legacy");
      aws.dns.setRecords(ALB_DNS_NAME, albIps(2));

      const run = await invoke(aws.env({ NLB_TG_ARN: arn, ALB_LISTENER: "8443" }));

      expect(run.exitCode).toBe(0);
      expect(changeCalls(arn)).toEqual([
        { action: "RegisterTargets", targetGroupArn: arn, targets: albIps(2).map((id) => ({ id, port: 8443 })) },
      ]);
    });

    it('registers with AvailabilityZone "all" when the ALB is in another VPC', async () => {
      const arn = aws.newTargetGroup("peered");
      aws.dns.setRecords(ALB_DNS_NAME, albIps(1));

      await invoke(aws.env({ ...targetGroupsEnv({ arn, port: 443 }), SAME_VPC: "false" }));

      expect(changeCalls(arn)).toEqual([
        {
          action: "RegisterTargets",
          targetGroupArn: arn,
          targets: [{ id: albIps(1)[0], port: 443, availabilityZone: "all" }],
        },
      ]);
    });

    it("rides out ELB throttling through the SDK's retries", async () => {
      const arn = aws.newTargetGroup("throttled");
      aws.dns.setRecords(ALB_DNS_NAME, albIps(2));
      aws.elb.throttle(3);

      const run = await invoke(aws.env(targetGroupsEnv({ arn, port: 443 })));

      expect(run.exitCode).toBe(0);
      expect(aws.elb.inService(arn)).toEqual(albIps(2));
    });

    it("lets only one of two overlapping runs act, and the other says so and stops cleanly", async () => {
      const arn = aws.newTargetGroup("concurrent");
      aws.dns.setRecords(ALB_DNS_NAME, albIps(3));
      aws.s3.gatherWrites(2);
      const env = aws.env(targetGroupsEnv({ arn, port: 443 }));

      const runs = await Promise.all([invoke(env), invoke(env)]);

      expect(runs.map((run) => run.exitCode)).toEqual([0, 0]);
      expect(runs.map((run) => run.result?.targetGroups[0].outcome).sort()).toEqual(["superseded", "synced"]);
      const loser = runs.find((run) => run.result?.targetGroups[0].outcome === "superseded");
      expect(logFor(loser as Invocation, arn)).toMatchObject({
        level: "WARN",
        message: "target group left to a concurrent run",
      });
      expect(changeCalls(arn).filter((call) => call.action === "RegisterTargets")).toHaveLength(1);
    });
  });

  describe("the bundled function changes nothing when it cannot be sure", () => {
    it("fails without touching targets or state when DNS is down", async () => {
      const arn = aws.newTargetGroup("dns-down");
      aws.elb.addTargetGroup(arn, [{ ip: "10.0.0.1", port: 443, state: "healthy" }]);

      const run = await invoke(aws.env({ ...targetGroupsEnv({ arn, port: 443 }), DNS_SERVERS: "127.0.0.1:9" }));

      expect(run.exitCode).toBe(1);
      expect(run.error).toMatch(/DnsDiscoveryError: every name server failed/);
      expect(run.logs).toContainEqual(
        expect.objectContaining({
          level: "ERROR",
          message: "ALB IP discovery failed; none of its target groups changed",
        }),
      );
      expect(changeCalls(arn)).toEqual([]);
      expect(await aws.s3.getObject(stateKey(arn, "active"))).toBeUndefined();
    });

    it("publishes an IP count of 0 when DNS is down, so that an alarm on the count dropping to 0 fires", async () => {
      const arn = aws.newTargetGroup("dns-down-metric");

      const run = await invoke(aws.env({ ...targetGroupsEnv({ arn, port: 443 }), DNS_SERVERS: "127.0.0.1:9" }));

      expect(run.logs).toContainEqual(expect.objectContaining({ LoadBalancer: ALB_DNS_NAME, LoadBalancerIPCount: 0 }));
    });

    it("fails without touching targets when the ALB name has no records", async () => {
      const arn = aws.newTargetGroup("nxdomain");

      const run = await invoke(
        aws.env({ ...targetGroupsEnv({ arn, port: 443 }), ALB_DNS_NAME: "gone-1.us-east-1.elb.amazonaws.com" }),
      );

      expect(run.exitCode).toBe(1);
      expect(run.error).toMatch(/gone-1\.us-east-1\.elb\.amazonaws\.com has no A records/);
      expect(run.logs).toContainEqual(expect.objectContaining({ LoadBalancerIPCount: 0 }));
      expect(changeCalls(arn)).toEqual([]);
    });

    it("fails without touching targets when S3 is down", async () => {
      const arn = aws.newTargetGroup("s3-down");
      aws.dns.setRecords(ALB_DNS_NAME, albIps(2));
      aws.s3.down = true;

      const run = await invoke(aws.env(targetGroupsEnv({ arn, port: 443 }))).finally(() => (aws.s3.down = false));

      expect(run.exitCode).toBe(1);
      expect(logFor(run, arn)).toMatchObject({
        level: "ERROR",
        error: expect.objectContaining({ message: expect.stringMatching(/^cannot read state object/) }),
      });
      expect(changeCalls(arn)).toEqual([]);
    });

    it("treats a 403 on the state as a fault, not as a first run", async () => {
      const arn = aws.newTargetGroup("denied");
      aws.elb.addTargetGroup(arn, [{ ip: "10.7.7.7", port: 443, state: "healthy" }]);
      aws.dns.setRecords(ALB_DNS_NAME, albIps(2));
      aws.s3.failReads = { status: 403, code: "AccessDenied" };

      const run = await invoke(aws.env(targetGroupsEnv({ arn, port: 443 }))).finally(
        () => (aws.s3.failReads = undefined),
      );

      expect(run.exitCode).toBe(1);
      expect(logFor(run, arn)?.error).toMatchObject({
        name: "StateReadError",
        cause: { name: "AccessDenied", awsErrorCode: "AccessDenied", httpStatusCode: 403 },
      });
      expect(changeCalls(arn)).toEqual([]);
    });

    it("reports corrupt state by its key, keeps it for inspection, and still syncs the other target group", async () => {
      const broken = aws.newTargetGroup("corrupt");
      const healthy = aws.newTargetGroup("neighbour");
      aws.dns.setRecords(ALB_DNS_NAME, albIps(2));
      await aws.s3.putObject(stateKey(broken, "active"), "{ this is not json");

      const run = await invoke(aws.env(targetGroupsEnv({ arn: broken, port: 443 }, { arn: healthy, port: 443 })));

      expect(run.exitCode).toBe(1);
      expect(run.error).toMatch(/SyncFailedError: 1 of 2 target groups failed/);
      expect(logFor(run, broken)?.error).toMatchObject({
        name: "CorruptStateError",
        message: expect.stringContaining(`state object ${stateKey(broken, "active")} is corrupt`),
      });
      expect(await aws.s3.getObject(stateKey(broken, "active"))).toBe("{ this is not json");
      expect(changeCalls(broken)).toEqual([]);
      expect(aws.elb.inService(healthy)).toEqual(albIps(2));
    });

    it("fails the cold start, naming the variable, when the environment is bad", async () => {
      const run = await invoke(aws.env({ TARGET_GROUPS: '[{"arn": "not-an-arn", "port": 443}]' }));

      expect(run.exitCode).toBe(1);
      expect(run.initError).toMatch(
        /^InvalidEnvironmentError: TARGET_GROUPS\[0\]: expected a target group ARN and the ALB port/,
      );
    });
  });

  describe("the bundled function's stack traces, with source maps on as the stack sets them", () => {
    /** The function and file of a stack's first frame. */
    const firstFrame = (stack: unknown) =>
      /^ {4}at (\S+) \((.+):\d+:\d+\)$/.exec(String(stack).split("\n")[1])?.slice(1);
    const whereDnsFailed = ["query", resolve(PROJECT_ROOT, "functions/target-sync/dns-discovery.ts")];
    const dnsDown = () => ({
      ...targetGroupsEnv({ arn: aws.newTargetGroup("dns-down-stack"), port: 443 }),
      DNS_SERVERS: "127.0.0.1:9",
      NODE_OPTIONS: "--enable-source-maps",
    });

    it("name the TypeScript source of a failure in the error the function logs", async () => {
      const run = await invoke(aws.env(dnsDown()));

      const logged = run.logs.find(
        (line) => line.message === "ALB IP discovery failed; none of its target groups changed",
      );
      expect(firstFrame((logged?.error as { stack?: string } | undefined)?.stack)).toEqual(whereDnsFailed);
    });

    it("name it in the error the invocation fails with, which Lambda reports", async () => {
      const run = await invoke(aws.env(dnsDown()));

      expect(firstFrame(run.errorStack)).toEqual(whereDnsFailed);
    });
  });
});
