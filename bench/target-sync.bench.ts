/**
 * Figures for the target-sync function, against the same loopback servers as the wire tests:
 *  1. DNS discovery: for ALBs of N IPs answered 8 at a time, the original stopping rule against the adaptive one:
 *     queries, wall time, and the share of runs that found every IP (BENCH_TRIALS runs each, default 200).
 *  2. One run serving 2 target groups: wall time and the AWS API calls it makes (cold, then warm).
 *  3. A quiet run (nothing changed) of those 2 target groups with every answer delayed (BENCH_REPLY_MS, default
 *     100): its calls by API, the sequential round trips it waits for, and its wall time (median of 10 runs).
 *  4. The bundle: its size and source maps; in fresh processes, without and with --enable-source-maps, the cold
 *     require() time, the first invocation's, and what formatting a failure's stack costs.
 * Run with `npm run bench`. It prints figures; it asserts nothing about speed.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { modelStoppingRule, originalStoppingRule } from "../__tests__/functions/target-sync/stopping-rule-model";
import { ALB_DNS_NAME, type LoopbackAws, startLoopbackAws } from "../__tests__/loopback-aws";
import { albIps } from "../__tests__/loopback-aws/dns-server";
import { sequentialRoundTrips, type TimedRequest } from "../__tests__/loopback-aws/timeline";
import { DEFAULTS } from "../functions/target-sync/contract";
import { discoverAlbIps } from "../functions/target-sync/dns-discovery";
import { adaptiveStoppingRule } from "../functions/target-sync/stopping-rules";
import type { SyncReport } from "../functions/target-sync/sync-target-groups";

const BUNDLE = join(__dirname, "../dist/functions/target-sync/index.js");
/** What the handler reads of its invocation's context (the logger's fields), as Lambda passes it. */
const LAMBDA_CONTEXT = {
  awsRequestId: "c6af9ac6-7b61-11e6-9a41-93e812345678",
  functionName: "app-static-ip-sync",
  functionVersion: "$LATEST",
  invokedFunctionArn: "arn:aws:lambda:us-east-1:111122223333:function:app-static-ip-sync",
  memoryLimitInMB: "128",
  // The stack's timeout: a run is far shorter, so the deadline the handler derives from it never cuts one here.
  getRemainingTimeInMillis: () => 60_000,
};
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
          // Generous: a loaded machine (CI runs the tests just before) must not turn figures into a timeout.
          timeoutMs: 5000,
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

type Handler = (event: unknown, context: typeof LAMBDA_CONTEXT) => Promise<SyncReport>;

async function runFigures(aws: LoopbackAws): Promise<Handler> {
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
  const { handler } = require(BUNDLE) as { handler: Handler };

  const rows: string[] = [];
  for (let run = 1; run <= 11; run++) {
    const s3Before = { ...aws.s3.requests };
    const elbBefore = aws.elb.calls.length;
    const dnsBefore = aws.dns.queries;
    const started = performance.now();
    await handler({}, LAMBDA_CONTEXT);
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
  return handler;
}

/** A latency large against the loopback's own, so that requests sent together overlap and the rest do not. */
const QUIET_RUN_LATENCY_MS = Number(process.env.BENCH_REPLY_MS ?? 100);
/** Quiet runs timed: one run's wall time on a shared machine is noise, their median is not. */
const QUIET_RUNS = 10;

async function quietRunFigures(aws: LoopbackAws, handler: Handler, setUp: string): Promise<void> {
  const servers = [aws.dns, aws.s3, aws.elb];
  const seen = servers.map((server) => server.timeline.length);
  for (const server of servers) server.latencyMs = QUIET_RUN_LATENCY_MS;
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (() => true) as typeof process.stdout.write;
  const wallMs: number[] = [];
  // The first run's calls and round trips are shown; the others repeat them.
  let firstRunEnd: number[] = [];
  try {
    for (let run = 0; run < QUIET_RUNS; run++) {
      const started = performance.now();
      await handler({}, LAMBDA_CONTEXT);
      wallMs.push(performance.now() - started);
      if (run === 0) firstRunEnd = servers.map((server) => server.timeline.length);
    }
  } finally {
    process.stdout.write = write;
    for (const server of servers) server.latencyMs = 0;
  }
  const requests: TimedRequest[] = servers.flatMap((server, index) =>
    server.timeline.slice(seen[index], firstRunEnd[index]),
  );
  const byApi = new Map<string, number>();
  for (const { service, action } of requests) {
    const api = `${service === "dns" ? "DNS" : service === "s3" ? "S3" : "ELBv2"} ${action}`;
    byApi.set(api, (byApi.get(api) ?? 0) + 1);
  }
  console.log(`\n## A quiet run (nothing changed), ${setUp}, every answer delayed ${QUIET_RUN_LATENCY_MS} ms`);
  console.log(`| calls by API | sequential round trips | wall ms (median of ${QUIET_RUNS} (min–max)) |`);
  console.log("|---|---:|---:|");
  const calls = [...byApi].map(([api, count]) => `${api} × ${count}`).join(", ");
  console.log(
    `| ${calls} | ${sequentialRoundTrips(requests)} | ${median(wallMs).toFixed(0)} (${Math.min(...wallMs).toFixed(0)}–${Math.max(...wallMs).toFixed(0)}) |`,
  );
}

/** A second ALB in the loopback ALB's zone. */
const SECOND_ALB = "internal-admin-987654321.us-east-1.elb.amazonaws.com";

/**
 * The handler of a fresh container whose four target groups are of two ALBs (two each), after a first run that
 * registered their IPs: the bundle reads its environment when it is loaded, so it is loaded again for this one.
 */
async function twoAlbHandler(aws: LoopbackAws): Promise<Handler> {
  aws.dns.setRecords(ALB_DNS_NAME, albIps(6));
  aws.dns.setRecords(SECOND_ALB, albIps(6, 100));
  const group = (name: string, port: number, albDnsName?: string) => ({
    arn: aws.newTargetGroup(name),
    port,
    ...(albDnsName ? { albDnsName } : {}),
  });
  Object.assign(
    process.env,
    aws.env({
      TARGET_GROUPS: JSON.stringify([
        group("bench-two-80", 80),
        group("bench-two-443", 443),
        group("bench-two-admin-80", 80, SECOND_ALB),
        group("bench-two-admin-443", 443, SECOND_ALB),
      ]),
    }),
  );
  delete require.cache[require.resolve(BUNDLE)];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    const { handler } = require(BUNDLE) as { handler: Handler };
    await handler({}, LAMBDA_CONTEXT);
    aws.elb.settle();
    return handler;
  } finally {
    process.stdout.write = write;
  }
}

/** Runs `probe` (a script printing its figures as a last JSON line) in a fresh Node process, as a cold start is. */
function inFreshProcess(probe: string, env: Record<string, string>): Promise<Record<string, number>> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ["-e", probe], {
      env: { PATH: process.env.PATH ?? "", NODE_NO_WARNINGS: "1", ...env },
      // The function's WARN and ERROR lines go to stderr; the bench prints only its own figures.
      stdio: ["ignore", "pipe", "ignore"],
    });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.on("error", fail);
    child.on("close", () => done(JSON.parse(stdout.trim().split("\n").pop() ?? "{}") as Record<string, number>));
  });
}

// Require the bundle and invoke it once; a failing run logs its error's stack, the first a container formats.
const COLD_START_PROBE = `
const ms = (from) => Number(process.hrtime.bigint() - from) / 1e6;
const started = process.hrtime.bigint();
const { handler } = require(${JSON.stringify(BUNDLE)});
const requireMs = ms(started);
const invoked = process.hrtime.bigint();
const report = () => process.stdout.write("\\n" + JSON.stringify({ requireMs, invokeMs: ms(invoked) }) + "\\n");
handler({}, { ...${JSON.stringify(LAMBDA_CONTEXT)}, getRemainingTimeInMillis: () => 60000 }).then(report, report);`;

const SOURCE_MAPS = { NODE_OPTIONS: "--enable-source-maps" };

/** `runs` cold starts each without and with source maps, interleaved so that machine noise hits both alike. */
async function coldStarts(env: Record<string, string>, runs = 10) {
  const plain: Record<string, number>[] = [];
  const mapped: Record<string, number>[] = [];
  for (let i = 0; i < runs; i++) {
    plain.push(await inFreshProcess(COLD_START_PROBE, env));
    mapped.push(await inFreshProcess(COLD_START_PROBE, { ...env, ...SOURCE_MAPS }));
  }
  const figure = (samples: Record<string, number>[], key: string) => {
    const values = samples.map((sample) => sample[key]);
    return `${median(values).toFixed(1)} (${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)})`;
  };
  return (key: string) => `${figure(plain, key)} | ${figure(mapped, key)}`;
}

async function bundleFigures(aws: LoopbackAws): Promise<void> {
  console.log("\n## Bundle");
  for (const file of ["index.js", "index.js.map", "eni-discovery.lazy.js", "eni-discovery.lazy.js.map"]) {
    const bytes = readFileSync(join(dirname(BUNDLE), file));
    console.log(
      `- dist/functions/target-sync/${file}: ${(bytes.length / 1024).toFixed(0)} KiB (${(gzipSync(bytes).length / 1024).toFixed(0)} KiB gzipped)`,
    );
  }

  aws.dns.setRecords(ALB_DNS_NAME, albIps(6));
  const targetGroups = (name: string) => JSON.stringify([{ arn: aws.newTargetGroup(name), port: 443 }]);
  const dns = aws.env({ TARGET_GROUPS: targetGroups("bench-cold") });
  // The first run registers the targets; the cold starts measured after it find them in place, as most do.
  await inFreshProcess(COLD_START_PROBE, dns);
  const dnsStarts = await coldStarts(dns);
  const eni = await coldStarts({
    ...dns,
    DISCOVERY: "eni",
    ALB_ARN: "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/app-internal/50dc6c495c0c9188",
  });
  const failing = await coldStarts(
    aws.env({ TARGET_GROUPS: targetGroups("bench-dns-down"), DNS_SERVERS: "127.0.0.1:9" }),
  );

  console.log("\n## Cold start in a fresh process, without and with --enable-source-maps (ms, median of 10 (min–max))");
  console.log("| step | without source maps | with source maps |");
  console.log("|---|---:|---:|");
  console.log(`| require(), config and clients (DNS discovery) | ${dnsStarts("requireMs")} |`);
  console.log(`| first invocation (ALB of 6 IPs, targets in place) | ${dnsStarts("invokeMs")} |`);
  console.log(`| require() with DISCOVERY=eni (loads the EC2 module too) | ${eni("requireMs")} |`);
  console.log(`| first invocation failing (DNS down), which logs the error's stack | ${failing("invokeMs")} |`);
}

async function main(): Promise<void> {
  const aws = await startLoopbackAws();
  try {
    console.log(`# target-sync bench (node ${process.version}, ${new Date().toISOString()})`);
    await discoveryFigures(aws);
    await bundleFigures(aws);
    const handler = await runFigures(aws);
    await quietRunFigures(aws, handler, "2 target groups, ALB of 6 IPs");
    await quietRunFigures(aws, await twoAlbHandler(aws), "2 ALBs of 6 IPs, 2 target groups each");
  } finally {
    await aws.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
