/**
 * Reads and writes a target group's state in S3. Writes are conditional on what was read (If-Match on the ETag,
 * If-None-Match: * when creating), so of two overlapping runs the second to write fails instead of overwriting; a
 * retried write failing against its own first attempt (which landed, its answer lost) has succeeded.
 */
import { GetObjectCommand, PutObjectCommand, type S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import { describeError } from "./describe-error";
import { ConcurrentRunError, type LoadedState, type StateStore, type StateUpdate } from "./ports";
import { activeChangedAt, decodeActive, decodePending, encodeState, stateKeys } from "./state-format";

class StateReadError extends Error {
  constructor(key: string, cause: unknown) {
    super(`cannot read state object ${key}: ${describeError(cause)}`, { cause });
    this.name = "StateReadError";
  }
}

export class S3StateStore implements StateStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async load(targetGroupArn: string, albDnsName: string, deadline?: AbortSignal): Promise<LoadedState> {
    const keys = stateKeys(targetGroupArn, albDnsName);
    const [active, pending] = await Promise.all([this.read(keys.active, deadline), this.read(keys.pending, deadline)]);
    return {
      stored: {
        activeIps: active && decodeActive(keys.active, active.body),
        ...(pending
          ? decodePending(keys.pending, pending.body)
          : { pendingDeregistration: {}, missesCountedAt: undefined }),
      },
      versions: { active: active?.etag, pending: pending?.etag },
      ...(active ? { changedAt: activeChangedAt(keys.active, active.body) } : {}),
    };
  }

  /**
   * Writes active.json, and pending.json when the counters changed, both at once. active.json is in every save, so
   * it is the lock: of two overlapping runs at most one writes it, and a run acts only when each of its writes
   * succeeded. Should two runs split the two files between them, neither acts, and each file left is a successor
   * of the state both read: the next run plans from them and from ELB's own view.
   */
  async save(
    targetGroupArn: string,
    albDnsName: string,
    { next, countersChanged, versions, at }: StateUpdate,
    deadline?: AbortSignal,
  ): Promise<void> {
    const keys = stateKeys(targetGroupArn, albDnsName);
    const bodies = encodeState(next, albDnsName, at);
    const writes = await Promise.allSettled([
      this.write(keys.active, bodies.active, versions.active, deadline),
      ...(countersChanged ? [this.write(keys.pending, bodies.pending, versions.pending, deadline)] : []),
    ]);
    const failures = writes.flatMap((write) => (write.status === "rejected" ? [write.reason as unknown] : []));
    if (failures.length > 0) throw failures.find((failure) => failure instanceof ConcurrentRunError) ?? failures[0];
  }

  private async read(
    key: string,
    deadline: AbortSignal | undefined,
  ): Promise<{ body: string; etag: string } | undefined> {
    try {
      const object = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }), {
        abortSignal: deadline,
      });
      const body = await object.Body?.transformToString("utf8");
      if (body === undefined || object.ETag === undefined) throw new Error("the response had no body or no ETag");
      return { body, etag: object.ETag };
    } catch (error) {
      // Only a 404 means "no state yet"; a 403 is a permission fault (with s3:ListBucket granted, S3 says 404).
      if (
        error instanceof S3ServiceException &&
        (error.name === "NoSuchKey" || error.$metadata.httpStatusCode === 404)
      ) {
        return undefined;
      }
      throw new StateReadError(key, error);
    }
  }

  private async write(
    key: string,
    body: string,
    etag: string | undefined,
    deadline: AbortSignal | undefined,
  ): Promise<void> {
    try {
      await this.s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: body,
          ContentType: "application/json",
          ...(etag === undefined ? { IfNoneMatch: "*" } : { IfMatch: etag }),
        }),
        { abortSignal: deadline },
      );
    } catch (error) {
      const status = error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
      // A 412 on a retry may be against this very write: its first attempt landed, its answer was lost on the way.
      if (status === 412 && retried(error) && (await this.holds(key, body, deadline))) return;
      // 412: the object changed (or appeared) since it was read; 409: a concurrent conditional write is in flight.
      if (status === 412 || status === 409) throw new ConcurrentRunError(key);
      throw new Error(`cannot write state object ${key}: ${describeError(error)}`, { cause: error });
    }
  }

  /**
   * Whether `key` holds exactly `body`. The body carries the run's own time, so no other run writes the same one
   * (and one that did would plan, and change ELB, exactly as this run does). Compared whole rather than by ETag,
   * which is the body's MD5 only without KMS encryption.
   */
  private async holds(key: string, body: string, deadline: AbortSignal | undefined): Promise<boolean> {
    return (await this.read(key, deadline))?.body === body;
  }
}

/** Whether the SDK made more than one attempt: only then can an earlier one have landed. */
function retried(error: unknown): boolean {
  return error instanceof S3ServiceException && (error.$metadata.attempts ?? 1) > 1;
}
