/**
 * Calls that never answer, at the wire: loopback servers that accept a request and never answer it. The bundled
 * function, on each Node, ends the hung target group's work at its deadline (a second before the invocation's timeout)
 * with one ERROR line naming the group and the call, and the next run mends what was left; the operator's command
 * names the call in one line.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ALB_DNS_NAME, type LoopbackAws, startLoopbackAws } from "../loopback-aws";
import { albIps } from "../loopback-aws/dns-server";
import { exampleConfigJson } from "../synthesis/stack";
import { invokeBundle } from "./invoke-bundle";
import { bundleRuntimes } from "./node-runtimes";
import { runCli } from "./run-cli";

let aws: LoopbackAws;
let configDir: string;
beforeAll(async () => {
  aws = await startLoopbackAws();
  configDir = mkdtempSync(join(tmpdir(), "deadlines-"));
  writeFileSync(
    join(configDir, "static-ip.config.json"),
    JSON.stringify({
      ...exampleConfigJson(),
      albDnsName: ALB_DNS_NAME,
      stateBucket: aws.s3.bucket,
      ports: [{ port: 443 }],
    }),
  );
});
afterAll(async () => {
  rmSync(configDir, { recursive: true, force: true });
  await aws.close();
});

const stateKey = (arn: string) => `${arn}/${ALB_DNS_NAME}/active.json`;
const changeCalls = (arn: string) =>
  aws.elb.calls.filter((call) => call.targetGroupArn === arn && call.action !== "DescribeTargetHealth");

/**
 * The invocation's timeout in these tests: its deadline, a second earlier, is long after the other target group's
 * few loopback round trips, even on a loaded machine.
 */
const INVOCATION_TIMEOUT_MS = 15_000;

describe.each(bundleRuntimes())("on $name", ({ execPath }) => {
  const invoke = (env: Record<string, string>, timeoutMs?: number) => invokeBundle(env, execPath, timeoutMs);
  /** Two target groups on port 443; the SDK's own timeout far beyond the invocation, so only the deadline ends a call. */
  const twoGroups = (first: string, second: string) =>
    aws.env({
      TARGET_GROUPS: JSON.stringify([
        { arn: first, port: 443 },
        { arn: second, port: 443 },
      ]),
      NLB_ZONES: "us-east-1a",
      API_TIMEOUT_MS: "60000",
    });

  describe("the bundled function when a call never answers", () => {
    it("names the hung DescribeTargetHealth and its group in one ERROR line before the invocation times out, syncs the other group, and the next run converges", async () => {
      const hung = aws.newTargetGroup("hung-describe");
      const other = aws.newTargetGroup("beside-hung-describe");
      aws.dns.setRecords(ALB_DNS_NAME, albIps(2));
      const env = twoGroups(hung, other);
      const answerAgain = aws.elb.hang("DescribeTargetHealth", hung);

      const cutOff = await invoke(env, INVOCATION_TIMEOUT_MS).finally(answerAgain);
      const changesWhileHung = changeCalls(hung);
      const next = await invoke(env);

      expect(cutOff.timedOut).toBeUndefined();
      expect(cutOff.exitCode).toBe(1);
      expect(cutOff.logs.filter((line) => line.level === "ERROR")).toEqual([
        expect.objectContaining({
          message: "target group sync failed",
          targetGroupArn: hung,
          error: expect.objectContaining({
            name: "CallTimedOutError",
            message: expect.stringMatching(
              new RegExp(`^ELBv2 DescribeTargetHealth ${hung} did not answer before the run's deadline`),
            ),
          }),
        }),
      ]);
      expect(cutOff.error).toMatch(
        new RegExp(`^SyncFailedError: 1 of 2 target groups failed: ${hung} \\(CallTimedOutError`),
      );
      expect(cutOff.logs).toContainEqual(expect.objectContaining({ LoadBalancerIPCount: 2 }));
      expect(cutOff.logs).toContainEqual(expect.objectContaining({ ZonesWithoutHealthyTarget: expect.any(Number) }));
      expect(cutOff.logs).toContainEqual(
        expect.objectContaining({ message: "target group synced", targetGroupArn: other }),
      );
      expect(changesWhileHung).toEqual([]);
      expect(next.exitCode).toBe(0);
      expect(aws.elb.inService(hung)).toEqual(albIps(2));
      expect(aws.elb.inService(other)).toEqual(albIps(2));
    });

    it("keeps the state it wrote when RegisterTargets never answers, names the call, and the next run registers the IPs", async () => {
      const hung = aws.newTargetGroup("hung-register");
      const other = aws.newTargetGroup("beside-hung-register");
      aws.dns.setRecords(ALB_DNS_NAME, albIps(2));
      const env = twoGroups(hung, other);
      const answerAgain = aws.elb.hang("RegisterTargets", hung);

      const cutOff = await invoke(env, INVOCATION_TIMEOUT_MS).finally(answerAgain);
      const stateAfterCutOff = await aws.s3.getObject(stateKey(hung));
      const next = await invoke(env);

      expect(cutOff.timedOut).toBeUndefined();
      expect(cutOff.logs.filter((line) => line.level === "ERROR")).toEqual([
        expect.objectContaining({
          targetGroupArn: hung,
          registered: [],
          error: expect.objectContaining({
            cause: expect.objectContaining({
              name: "CallTimedOutError",
              message: expect.stringMatching(
                new RegExp(`^ELBv2 RegisterTargets ${hung} did not answer before the run's deadline`),
              ),
            }),
          }),
        }),
      ]);
      expect(stateAfterCutOff).toContain('"IPCount":2');
      expect(next.exitCode).toBe(0);
      expect(aws.elb.inService(hung)).toEqual(albIps(2));
    });
  });

  describe("the bundled function when the answer to its state write is lost", () => {
    const oneGroup = (arn: string) => aws.env({ TARGET_GROUPS: JSON.stringify([{ arn, port: 443 }]) });

    it("takes the retried write's 412 against its own landed write for success, and registers at once", async () => {
      const arn = aws.newTargetGroup("lost-answer");
      aws.dns.setRecords(ALB_DNS_NAME, albIps(2));
      const putsBefore = aws.s3.requests.PUT ?? 0;
      aws.s3.loseNextAnswer();

      const run = await invoke(oneGroup(arn));

      expect(run.exitCode).toBe(0);
      expect(run.result?.targetGroups).toEqual([{ arn, outcome: "synced", registered: 2, deregistered: 0 }]);
      expect(run.logs.filter((line) => line.level === "WARN" || line.level === "ERROR")).toEqual([]);
      expect((aws.s3.requests.PUT ?? 0) - putsBefore).toBe(2);
      expect(aws.elb.inService(arn)).toEqual(albIps(2));
    });

    it("still leaves the group to a rival that wrote between the lost answer and the retry", async () => {
      const arn = aws.newTargetGroup("lost-answer-rival");
      aws.dns.setRecords(ALB_DNS_NAME, albIps(2));
      const rivals = JSON.stringify({
        schemaVersion: 1,
        LoadBalancerName: ALB_DNS_NAME,
        TimeStamp: new Date().toISOString(),
        IPList: albIps(1),
        IPCount: 1,
      });
      aws.s3.loseNextAnswer(() => aws.s3.putObject(stateKey(arn), rivals));

      const run = await invoke(oneGroup(arn));

      expect(run.exitCode).toBe(0);
      expect(run.result?.targetGroups[0].outcome).toBe("superseded");
      expect(run.logs).toContainEqual(
        expect.objectContaining({ level: "WARN", message: "target group left to a concurrent run" }),
      );
      expect(changeCalls(arn)).toEqual([]);
      expect(await aws.s3.getObject(stateKey(arn))).toBe(rivals);
    });
  });
});

/**
 * Short enough that the SDK's attempts (6 for ELB, with backoff between them) end in seconds; long against a loopback
 * answer, so that only the call that never answers times out, even on a loaded machine.
 */
const API_TIMEOUT_MS = "1000";

const cli = (args: readonly string[], env: Record<string, string>) => runCli(args, aws.env(env));

describe("the operator's command when a call never answers", () => {
  it.each([["status"], ["sync"]])(
    "%s names the call that timed out and its target group in one line, and exits 1",
    async (command) => {
      const arn = aws.newTargetGroup(`cli-hung-${command}`);
      aws.dns.setRecords(ALB_DNS_NAME, albIps(2));
      const answerAgain = aws.elb.hang("DescribeTargetHealth", arn);

      const run = await cli(
        [command, "--config", join(configDir, "static-ip.config.json"), "--target-group", `443=${arn}`],
        { API_TIMEOUT_MS },
      ).finally(answerAgain);

      expect(run.code).toBe(1);
      const lastLine = run.stderr.trimEnd().split("\n").at(-1);
      expect(lastLine).toMatch(
        new RegExp(
          `^alb-static-ip: .*CallTimedOutError: ELBv2 DescribeTargetHealth ${arn} did not answer in 6 attempts: .*${API_TIMEOUT_MS} ms requestTimeout`,
        ),
      );
      expect(
        aws.elb.calls.filter((call) => call.targetGroupArn === arn && call.action !== "DescribeTargetHealth"),
      ).toEqual([]);
    },
  );
});
