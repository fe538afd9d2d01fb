/**
 * AWS calls that end: every client gets connection and request timeouts, and a call that gets no answer (on none of
 * its attempts, or before the run's deadline cut it off) fails with an error naming the call, so that the one line
 * an operator reads says which call it was.
 */
import type { EC2Client } from "@aws-sdk/client-ec2";
import type { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import type { S3Client, S3ClientConfig } from "@aws-sdk/client-s3";

/** A connection to an AWS endpoint takes milliseconds; 3.1 s is the SDK's own value in its `standard` mode. */
const CONNECTION_TIMEOUT_MS = 3100;

/** The HTTP handler options of every client, for `apiTimeoutMs` per attempt. */
export function boundedRequestHandler(apiTimeoutMs: number) {
  return {
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    // Until the answer's headers. Without throwOnRequestTimeout the SDK would only warn when it passes.
    requestTimeout: apiTimeoutMs,
    throwOnRequestTimeout: true,
    // The request timeout ends at the headers: this one ends a body that stops arriving.
    socketTimeout: apiTimeoutMs,
  } satisfies S3ClientConfig["requestHandler"];
}

/** An AWS call that got no answer, named with what it was about (the target group, the state object). */
export class CallTimedOutError extends Error {
  constructor(message: string, cause: unknown) {
    super(message, { cause });
    this.name = "CallTimedOutError";
  }
}

type SdkClient = S3Client | ElasticLoadBalancingV2Client | EC2Client;

/**
 * Turns the SDK's errors for a call that got no answer into a CallTimedOutError naming it: `AbortError` (the run's
 * deadline aborted it) and `TimeoutError` (the SDK's name for a timed-out or reset connection, once every attempt
 * had one). `service` is how the name starts, e.g. "ELBv2".
 */
export function nameUnansweredCalls(client: SdkClient, service: string): void {
  (client.middlewareStack as S3Client["middlewareStack"]).add(
    (next, context) => async (args) => {
      const started = performance.now();
      try {
        return await next(args);
      } catch (error) {
        if (!(error instanceof Error) || (error.name !== "AbortError" && error.name !== "TimeoutError")) throw error;
        const call = `${service} ${String(context.commandName).replace(/Command$/, "")}${subject(args.input)}`;
        if (error.name === "AbortError") {
          const waited = Math.round(performance.now() - started);
          throw new CallTimedOutError(`${call} did not answer before the run's deadline (waited ${waited} ms)`, error);
        }
        const attempts = (error as { $metadata?: { attempts?: number } }).$metadata?.attempts ?? 1;
        throw new CallTimedOutError(
          `${call} did not answer in ${attempts} attempt${attempts === 1 ? "" : "s"}: ${error.message}`,
          error,
        );
      }
    },
    { step: "initialize", name: "nameUnansweredCalls" },
  );
}

/** What a call was about: the state object, or the target group. */
function subject(input: unknown): string {
  const { Bucket, Key, TargetGroupArn } = input as { Bucket?: string; Key?: string; TargetGroupArn?: string };
  if (Key !== undefined) return ` s3://${Bucket}/${Key}`;
  return TargetGroupArn === undefined ? "" : ` ${TargetGroupArn}`;
}
