/** The bundled function's log lines, as an operator reads them in CloudWatch, on each Node. */
import { albIps } from "../loopback-aws/dns-server";
import { ALB_DNS_NAME, type LoopbackAws, startLoopbackAws } from "../loopback-aws/index";
import { invokeBundle } from "./invoke-bundle";
import { bundleRuntimes } from "./node-runtimes";

let aws: LoopbackAws;
beforeAll(async () => {
  aws = await startLoopbackAws();
});
afterAll(() => aws.close());

const env = (arn: string, more: Record<string, string> = {}) =>
  aws.env({ TARGET_GROUPS: JSON.stringify([{ arn, port: 443 }]), ...more });

describe.each(bundleRuntimes())("on $name", ({ execPath }) => {
  const invoke = (env: Record<string, string>) => invokeBundle(env, execPath);

  describe("the function's logs", () => {
    it("carry the invocation's request id and the cold-start flag on every line", async () => {
      const arn = aws.newTargetGroup("logs-context");
      aws.dns.setRecords(ALB_DNS_NAME, albIps(2));

      const run = await invoke(env(arn, { REQUEST_ID: "8f5e2d1c-0000-4000-8000-000000000001" }));

      const lines = run.logs.filter((line) => line.level !== undefined);
      expect(lines.map((line) => line.message)).toEqual(["ALB IPs discovered", "target group synced"]);
      for (const line of lines) {
        expect(line).toMatchObject({
          function_request_id: "8f5e2d1c-0000-4000-8000-000000000001",
          cold_start: true,
          service: "alb-static-ip-sync",
        });
      }
    });

    it("say nothing at DEBUG unless Lambda's log level asks for it", async () => {
      const arn = aws.newTargetGroup("logs-info");
      aws.dns.setRecords(ALB_DNS_NAME, albIps(2));

      const run = await invoke(env(arn));

      expect(run.logs.filter((line) => line.level === "DEBUG")).toEqual([]);
    });

    it("log each AWS call's outcome at DEBUG", async () => {
      const arn = aws.newTargetGroup("logs-debug");
      aws.dns.setRecords(ALB_DNS_NAME, albIps(2));

      const run = await invoke(env(arn, { AWS_LAMBDA_LOG_LEVEL: "DEBUG" }));

      const calls = run.logs.filter((line) => line.level === "DEBUG");
      expect(calls.map((line) => `${line.message}: ${line.client} ${line.operation}`).sort()).toEqual([
        // A first run: no state yet, so both reads are answered 404 (NoSuchKey).
        "AWS call failed: S3Client GetObjectCommand",
        "AWS call failed: S3Client GetObjectCommand",
        "AWS call: ElasticLoadBalancingV2Client DescribeTargetHealthCommand",
        "AWS call: ElasticLoadBalancingV2Client RegisterTargetsCommand",
        // active.json only: no IP is missing, so there are no counters to write.
        "AWS call: S3Client PutObjectCommand",
      ]);
      expect(calls.find((line) => line.message === "AWS call")).toMatchObject({
        httpStatusCode: 200,
        attempts: 1,
        ms: expect.any(Number),
      });
      expect(calls.find((line) => line.message === "AWS call failed")).toMatchObject({
        error: { name: "NoSuchKey", httpStatusCode: 404 },
      });
    });

    it("log an AWS error with its code, HTTP status and stack", async () => {
      const arn = aws.newTargetGroup("logs-error");
      aws.dns.setRecords(ALB_DNS_NAME, albIps(2));
      aws.s3.failReads = { status: 403, code: "AccessDenied" };

      const run = await invoke(env(arn)).finally(() => (aws.s3.failReads = undefined));

      const failure = run.logs.find((line) => line.message === "target group sync failed");
      expect(failure).toMatchObject({
        level: "ERROR",
        targetGroupArn: arn,
        error: {
          name: "StateReadError",
          message: expect.stringContaining("AccessDenied (HTTP 403)"),
          stack: expect.stringContaining("StateReadError"),
          cause: { name: "AccessDenied", awsErrorCode: "AccessDenied", httpStatusCode: 403 },
        },
      });
    });
  });
});
