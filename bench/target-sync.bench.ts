/**
 * Figures for the target-sync function, against the same loopback servers as the wire tests:
 *  1. DNS discovery: for ALBs of N IPs answered 8 at a time, the original stopping rule against the adaptive one:
 *     queries, wall time, and the share of runs that found every IP (BENCH_TRIALS runs each, default 200).
 *  2. One run serving 2 target groups: wall time and the AWS API calls it makes (cold, then warm).
 *  3. The bundle: its size and the cold require() time.
 * Run with `npm run bench`. It prints figures; it asserts nothing about speed.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { modelStoppingRule, originalStoppingRule } from "../__tests__/functions/target-sync/stopping-rule-model";
import { ALB_DNS_NAME, type LoopbackAws, startLoopbackAws } from "../__tests__/loopback-aws";
import { albIps } from "../__tests__/loopback-aws/dns-server";
import { DEFAULTS } from "../functions/target-sync/contract";
import { discoverAlbIps } from "../functions/target-sync/dns-discovery";
import { adaptiveStoppingRule } from "../functions/target-sync/stopping-rules";
import type { SyncReport } from "../functions/target-sync/sync-target-groups";

const BUNDLE = join(__dirname, "../dist/functions/target-sync/index.js");
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

const RULES = {
  original: { stoppingRule: originalStoppingRule, maxLookupsPerRun: 50, parallelism: 10 },
  adaptive: { stoppingRule: adaptiveStoppingRule, maxLookupsPerRun: DEFAULTS.maxLookupsPerRun, parallelism: 16 },
} as const;

async function discoveryFigures(aws: LoopbackAws): Promise<void> {
  const trials = Number(process.env.BENCH_TRIALS ?? 200);
  console.log(
    `\n## DNS discovery: the original rule (50 lookups) against the adaptive rule (cap ${DEFAULTS.maxLookupsPerRun}), ${trials} runs each`,
  );
  console.log(
    "Answers hold 8 of the ALB's N IPs at random, as Route 53's do. 'exact' is the rule's miss probability from the model in the tests.",
  );
  console.log(
    "| ALB IPs | rule | queries per run (mean) | queries until all known (mean) | ms per run (median) | runs that found all | exact P(miss) |",
  );
  console.log("|---:|---|---:|---:|---:|---:|---:|");
  for (const n of [8, 16, 32, 64, 128, 200]) {
    aws.dns.setRecords(ALB_DNS_NAME, albIps(n));
    for (const [name, rule] of Object.entries(RULES)) {
      const runs: { ips: number; queries: number; toAll: number; ms: number }[] = [];
      for (let i = 0; i < trials; i++) {
        const started = performance.now();
        const discovery = await discoverAlbIps(ALB_DNS_NAME, [{ host: "127.0.0.1", port: aws.dns.port }], {
          ...rule,
          timeoutMs: 1000,
        });
        runs.push({
          ips: discovery.ips.size,
          queries: discovery.stats.queries,
          toAll: discovery.stats.queriesToLastNewIp,
          ms: performance.now() - started,
        });
      }
      const complete = runs.filter((run) => run.ips === n);
      const model = modelStoppingRule(rule.stoppingRule, n, rule.maxLookupsPerRun);
      console.log(
        `| ${n} | ${name} | ${mean(runs.map((run) => run.queries)).toFixed(1)} | ${complete.length ? mean(complete.map((run) => run.toAll)).toFixed(1) : "-"} | ${median(runs.map((run) => run.ms)).toFixed(1)} | ${((100 * complete.length) / trials).toFixed(1)}% | ${(100 * model.missProbability).toFixed(3)}% |`,
      );
    }
  }
}

async function runFigures(aws: LoopbackAws): Promise<void> {
  const web = aws.newTargetGroup("bench-80");
  const tls = aws.newTargetGroup("bench-443");
  aws.dns.setRecords(ALB_DNS_NAME, albIps(6));
  Object.assign(
    process.env,
    aws.env({
      TARGET_GROUPS: JSON.stringify([
        { arn: web, port: 80 },
        { arn: tls, port: 443 },
      ]),
    }),
  );
  // The handler logs to stdout; the bench keeps only its own figures there.
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (() => true) as typeof process.stdout.write;
  const { handler } = require(BUNDLE) as { handler: () => Promise<SyncReport> };

  const rows: string[] = [];
  for (let run = 1; run <= 11; run++) {
    const s3Before = { ...aws.s3.requests };
    const elbBefore = aws.elb.calls.length;
    const dnsBefore = aws.dns.queries;
    const started = performance.now();
    await handler();
    const ms = performance.now() - started;
    aws.elb.settle();
    const elbCalls = aws.elb.calls.slice(elbBefore).map((call) => call.action);
    const count = (action: string) => elbCalls.filter((name) => name === action).length;
    const s3 = (method: string) => (aws.s3.requests[method] ?? 0) - (s3Before[method] ?? 0);
    if (run === 1 || run === 2 || run === 11) {
      rows.push(
        `| ${run === 1 ? "first (cold clients, registers 6 IPs × 2)" : `steady #${run - 1}`} | ${ms.toFixed(1)} | ${aws.dns.queries - dnsBefore} | ${s3("GET")} | ${s3("PUT")} | ${count("DescribeTargetHealth")} | ${count("RegisterTargets")} | ${count("DeregisterTargets")} |`,
      );
    }
  }
  process.stdout.write = write;
  console.log("\n## One run, 2 target groups, ALB of 6 IPs (in-process, loopback servers)");
  console.log(
    "| run | wall ms | DNS queries | S3 GET | S3 PUT | DescribeTargetHealth | RegisterTargets | DeregisterTargets |",
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
  for (const row of rows) console.log(row);
}

function bundleFigures(env: Record<string, string>): void {
  const probe = `const t=process.hrtime.bigint();require(${JSON.stringify(BUNDLE)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
  const coldRequire = (extra: Record<string, string>) => {
    const times = Array.from({ length: 10 }, () =>
      Number(
        execFileSync(process.execPath, ["-e", probe], {
          env: { PATH: process.env.PATH ?? "", NODE_NO_WARNINGS: "1", ...env, ...extra },
        }).toString(),
      ),
    );
    return `median ${median(times).toFixed(1)} ms of 10 (min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)})`;
  };
  console.log("\n## Bundle");
  for (const file of ["index.js", "eni-discovery.lazy.js"]) {
    const bytes = readFileSync(join(dirname(BUNDLE), file));
    console.log(
      `- dist/functions/target-sync/${file}: ${(bytes.length / 1024).toFixed(0)} KiB (${(gzipSync(bytes).length / 1024).toFixed(0)} KiB gzipped)`,
    );
  }
  console.log(`- cold require() incl. config and clients, DNS discovery: ${coldRequire({})}`);
  console.log(
    `- cold require() with DISCOVERY=eni (loads the EC2 module too): ${coldRequire({
      DISCOVERY: "eni",
      ALB_ARN: "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/app-internal/50dc6c495c0c9188",
    })}`,
  );
}

async function main(): Promise<void> {
  const aws = await startLoopbackAws();
  try {
    console.log(`# target-sync bench (node ${process.version}, ${new Date().toISOString()})`);
    await discoveryFigures(aws);
    const env = aws.env({ TARGET_GROUPS: JSON.stringify([{ arn: aws.newTargetGroup("bench-cold"), port: 443 }]) });
    bundleFigures(env);
    await runFigures(aws);
  } finally {
    await aws.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
