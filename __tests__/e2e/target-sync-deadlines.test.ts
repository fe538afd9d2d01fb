/**
 * Calls that never answer, at the wire: loopback servers that accept a request and never answer it. The operator's
 * command names the call in one line.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ALB_DNS_NAME, type LoopbackAws, startLoopbackAws } from "../loopback-aws";
import { albIps } from "../loopback-aws/dns-server";
import { exampleConfigJson, PROJECT_ROOT } from "../synthesis/stack";

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

/**
 * Short enough that the SDK's attempts (6 for ELB, with backoff between them) end in seconds; long against a loopback
 * answer, even on a loaded machine.
 */
const API_TIMEOUT_MS = "400";

interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function cli(args: readonly string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(PROJECT_ROOT, "bin/alb-static-ip.js"), ...args], {
      env: aws.env(env),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}

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
