/**
 * The state files, one pair per target group and ALB, at `<tgArn>/<albDns>/active.json` and `.../pending.json`.
 * Plain JSON with a schema version. active.json keeps the original function's fields.
 *
 * Files without a schema version are the original function's (as the blog ran it, at the same keys): they are
 * read, unwrapping its double JSON encoding, so that adopting a blog deployment keeps its miss counters. They are
 * replaced by this format on the first write.
 */
import type { TargetGroupState } from "./plan";

const SCHEMA_VERSION = 1;

interface ActiveFile {
  readonly schemaVersion: typeof SCHEMA_VERSION;
  readonly LoadBalancerName: string;
  /** ISO-8601, when the state last changed (quiet runs write nothing). */
  readonly TimeStamp: string;
  readonly IPList: readonly string[];
  readonly IPCount: number;
}

interface PendingFile {
  readonly schemaVersion: typeof SCHEMA_VERSION;
  /** ISO-8601, when a run last counted misses: the duplicate-delivery rule measures from it. */
  readonly TimeStamp: string;
  /** Runs in a row each IP has been missing from DNS. */
  readonly PendingDeregistration: Readonly<Record<string, number>>;
}

export const stateKeys = (targetGroupArn: string, albDnsName: string) => ({
  active: `${targetGroupArn}/${albDnsName}/active.json`,
  pending: `${targetGroupArn}/${albDnsName}/pending.json`,
});

export class CorruptStateError extends Error {
  constructor(key: string, reason: string) {
    super(`state object ${key} is corrupt (${reason}); it is left as it is for inspection: fix or delete it to resume`);
    this.name = "CorruptStateError";
  }
}

/** The two files of `state`, as written at `at`. */
export function encodeState(state: TargetGroupState, albDnsName: string, at: Date) {
  const active: ActiveFile = {
    schemaVersion: SCHEMA_VERSION,
    LoadBalancerName: albDnsName,
    TimeStamp: at.toISOString(),
    IPList: state.activeIps,
    IPCount: state.activeIps.length,
  };
  const pending: PendingFile = {
    schemaVersion: SCHEMA_VERSION,
    TimeStamp: (state.missesCountedAt ?? at).toISOString(),
    PendingDeregistration: state.pendingDeregistration,
  };
  return { active: JSON.stringify(active), pending: JSON.stringify(pending) };
}

/** The IP list of an active.json body; throws CorruptStateError naming `key` when it is not one. */
export function decodeActive(key: string, body: string): readonly string[] {
  const ips = parseObject(key, body).IPList;
  if (!Array.isArray(ips) || !ips.every((ip) => typeof ip === "string")) {
    throw new CorruptStateError(key, "IPList is not a list of IP addresses");
  }
  return ips as string[];
}

/** When the active.json body was written, the last change to the group's state; undefined when it does not say. */
export function activeChangedAt(key: string, body: string): Date | undefined {
  const stamp = parseObject(key, body).TimeStamp;
  const date = typeof stamp === "string" ? new Date(stamp) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

/**
 * The miss counters of a pending.json body, and when they were counted (unknown for the original's files); throws
 * CorruptStateError naming `key` when it is not one.
 */
export function decodePending(
  key: string,
  body: string,
): Pick<TargetGroupState, "pendingDeregistration" | "missesCountedAt"> {
  const file = parseObject(key, body);
  // The original's pending file is the bare map of IP to count.
  const counts = file.schemaVersion === undefined ? file : file.PendingDeregistration;
  if (
    typeof counts !== "object" ||
    counts === null ||
    Array.isArray(counts) ||
    !Object.values(counts).every((count) => Number.isInteger(count) && (count as number) > 0)
  ) {
    throw new CorruptStateError(key, "PendingDeregistration is not a map of IP to a positive count");
  }
  const countedAt = file.schemaVersion === undefined ? undefined : file.TimeStamp;
  if (countedAt !== undefined && (typeof countedAt !== "string" || Number.isNaN(Date.parse(countedAt)))) {
    throw new CorruptStateError(key, "TimeStamp is not an ISO-8601 time");
  }
  return {
    pendingDeregistration: counts as Record<string, number>,
    missesCountedAt: countedAt === undefined ? undefined : new Date(countedAt),
  };
}

/** The file as an object: ours (schemaVersion 1), or the original's (no version, possibly JSON inside a string). */
function parseObject(key: string, body: string): Record<string, unknown> {
  let parsed = parseJson(key, body);
  if (typeof parsed === "string") parsed = parseJson(key, parsed);
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    throw new CorruptStateError(key, "not a JSON object");
  const version = (parsed as { schemaVersion?: unknown }).schemaVersion;
  if (version !== undefined && version !== SCHEMA_VERSION) {
    throw new CorruptStateError(
      key,
      `schemaVersion is ${JSON.stringify(version)}, this function reads ${SCHEMA_VERSION}`,
    );
  }
  return parsed as Record<string, unknown>;
}

function parseJson(key: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CorruptStateError(key, `not JSON: ${(error as Error).message}`);
  }
}
