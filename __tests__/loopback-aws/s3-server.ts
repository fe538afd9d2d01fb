/**
 * A loopback S3 (s3rver) with what it lacks for this project: conditional writes (If-Match / If-None-Match, which
 * it ignores), a request count, switchable faults (lost answers among them), injectable latency and a timeline of
 * requests.
 */
import { mkdtempSync, rmSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import S3rver from "s3rver";
import { delay, type TimedRequest } from "./timeline";

interface KoaContext {
  req: IncomingMessage;
  method: string;
  path: string;
  status: number;
  body: unknown;
  type: string;
  get(header: string): string;
  store: {
    existsObject(bucket: string, key: string): Promise<boolean>;
    getMetadata(bucket: string, key: string): Promise<{ etag: string }>;
  };
}
type Middleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;

export interface FakeS3 {
  readonly endpoint: string;
  readonly bucket: string;
  /** Requests received, by method. */
  readonly requests: Record<string, number>;
  /** Answer every GET with this S3 error (e.g. 403 AccessDenied), or undefined to serve normally. */
  failReads: { status: number; code: string } | undefined;
  /** Answer every request with 503, as an S3 outage would. */
  down: boolean;
  /**
   * Hold conditional writes until `count` calls have sent one, then let them all go (each still checked in turn): runs
   * that each write once really overlap, each having read before any writes, however slowly each starts. A call is
   * known by the SDK's `amz-sdk-invocation-id`, which its retries keep, so a retry never stands in for another run.
   */
  gatherWrites(count: number): void;
  /**
   * Store the next conditional write, then drop its connection instead of answering, as a network losing the answer
   * does; `meanwhile` (another writer's PUT, say) runs before any later write of the key is checked.
   */
  loseNextAnswer(meanwhile?: () => Promise<void>): void;
  /** Delay every answer this long, as a network would. */
  latencyMs: number;
  readonly timeline: TimedRequest[];
  getObject(key: string): Promise<string | undefined>;
  putObject(key: string, body: string): Promise<void>;
  close(): Promise<void>;
}

export async function startS3Server(bucket = "static-lb"): Promise<FakeS3> {
  const directory = mkdtempSync(join(tmpdir(), "s3rver-"));
  const s3rver = new S3rver({
    port: 0,
    address: "127.0.0.1",
    silent: true,
    directory,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const requests: Record<string, number> = {};
  const locks = new Map<string, Promise<void>>();
  const answersToLose: (() => Promise<void>)[] = [];

  const fake: FakeS3 = {
    endpoint: "",
    bucket,
    requests,
    failReads: undefined,
    down: false,
    loseNextAnswer: (meanwhile = async () => {}) => answersToLose.push(meanwhile),
    latencyMs: 0,
    timeline: [],
    gatherWrites: (count) => {
      gathering = { count, calls: new Set(), waiting: [] };
    },
    getObject: async (key) => {
      const response = await fetch(`${fake.endpoint}/${bucket}/${encodeKey(key)}`);
      return response.status === 404 ? undefined : response.text();
    },
    putObject: async (key, body) => {
      const response = await fetch(`${fake.endpoint}/${bucket}/${encodeKey(key)}`, { method: "PUT", body });
      if (!response.ok) throw new Error(`fake S3 PUT ${key}: ${response.status}`);
    },
    close: async () => {
      await s3rver.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };

  let gathering: { count: number; calls: Set<string>; waiting: (() => void)[] } | undefined;
  const gathered = (gate: NonNullable<typeof gathering>, call: string) =>
    new Promise<void>((resolve) => {
      gate.waiting.push(resolve);
      gate.calls.add(call);
      if (gate.calls.size < gate.count) return;
      gathering = undefined;
      for (const release of gate.waiting) release();
    });

  const timed: Middleware = async (ctx, next) => {
    const receivedAt = performance.now();
    await delay(fake.latencyMs);
    try {
      await next();
    } finally {
      fake.timeline.push({ service: "s3", action: ctx.method, receivedAt, answeredAt: performance.now() });
    }
  };
  const faultsAndConditions: Middleware = async (ctx, next) => {
    requests[ctx.method] = (requests[ctx.method] ?? 0) + 1;
    if (fake.down) return s3Error(ctx, 503, "ServiceUnavailable", "the fake S3 is down");
    if (ctx.method === "GET" && fake.failReads)
      return s3Error(ctx, fake.failReads.status, fake.failReads.code, "injected fault");
    const ifMatch = ctx.get("if-match");
    const ifNoneMatch = ctx.get("if-none-match");
    if (ctx.method !== "PUT" || (!ifMatch && !ifNoneMatch)) return next();
    if (gathering) await gathered(gathering, ctx.get("amz-sdk-invocation-id"));

    // Check and write as one step per key, as S3 does, so that two racing writers cannot both pass the check.
    const [, bucketName, ...keyParts] = ctx.path.split("/");
    const key = decodeURIComponent(keyParts.join("/"));
    const previous = locks.get(key) ?? Promise.resolve();
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    locks.set(
      key,
      previous.then(() => held),
    );
    await previous;
    try {
      const exists = await ctx.store.existsObject(bucketName, key);
      const etag = exists ? (await ctx.store.getMetadata(bucketName, key)).etag : undefined;
      if ((ifNoneMatch === "*" && exists) || (ifMatch && ifMatch !== etag)) {
        return s3Error(ctx, 412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold");
      }
      await next();
      const meanwhile = answersToLose.shift();
      if (meanwhile) {
        ctx.req.socket.destroy();
        await meanwhile();
      }
    } finally {
      release();
    }
  };
  (s3rver as unknown as { middleware: Middleware[] }).middleware.unshift(timed, faultsAndConditions);

  const address = (await s3rver.run()) as AddressInfo;
  (fake as { endpoint: string }).endpoint = `http://127.0.0.1:${address.port}`;
  return fake;
}

function s3Error(ctx: KoaContext, status: number, code: string, message: string): void {
  ctx.status = status;
  ctx.type = "application/xml";
  ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
}

function encodeKey(key: string): string {
  return key.split("/").map(encodeURIComponent).join("/");
}
