/**
 * The function's configuration, read from its environment once per container. A bad value fails the cold start
 * with the variable's name and what it should hold, before anything is read or changed.
 */

import { isIP } from "node:net";
import { ALB_ARN, DNS_NAME, TARGET_GROUP_ARN } from "./aws-identifiers";

export interface TargetGroupConfig {
  readonly arn: string;
  /** The ALB listener port the targets are registered with. */
  readonly port: number;
}

export interface DnsServer {
  readonly host: string;
  readonly port: number;
}

/** Where the ALB's IPs come from: DNS answers (the default), or the ALB's network interfaces (needs its ARN). */
export type Discovery = { readonly mode: "dns" } | { readonly mode: "eni"; readonly albArn: string };

export interface SyncConfig {
  readonly albDnsName: string;
  readonly discovery: Discovery;
  readonly bucket: string;
  readonly targetGroups: readonly TargetGroupConfig[];
  readonly maxLookups: number;
  readonly runsBeforeDeregistration: number;
  readonly publishIpCountMetric: boolean;
  readonly metricNamespace: string;
  /** False when the ALB sits in another VPC: targets are then registered with `AvailabilityZone: "all"`. */
  readonly sameVpc: boolean;
  /** Fixed name servers to ask; undefined means the ALB zone's authoritative servers, looked up each cold start. */
  readonly dnsServers: readonly DnsServer[] | undefined;
  readonly dnsTimeoutMs: number;
  readonly s3ForcePathStyle: boolean;
}

export class InvalidEnvironmentError extends Error {
  constructor(variable: string, expected: string, got: string | undefined) {
    super(
      `${variable}: expected ${expected}, got ${got === undefined ? "nothing (it is not set)" : JSON.stringify(got)}`,
    );
    this.name = "InvalidEnvironmentError";
  }
}

/**
 * The adaptive stopping rule needs ~320 queries on average for a 200-IP ALB; at 600 the cap ends fewer than 1 in
 * 10^5 of its runs (the original's 50 would end most runs of an ALB above ~24 IPs early).
 */
export const DEFAULT_MAX_LOOKUPS = 600;

type Env = Readonly<Record<string, string | undefined>>;

export function readSyncConfig(env: Env): SyncConfig {
  return {
    albDnsName: hostname(env, "ALB_DNS_NAME"),
    discovery: discovery(env),
    bucket: required(env, "S3_BUCKET", "the name of the state bucket"),
    targetGroups: targetGroups(env),
    maxLookups: wholeNumber(env, "MAX_LOOKUP_PER_INVOCATION", DEFAULT_MAX_LOOKUPS, 1, 5000),
    runsBeforeDeregistration: wholeNumber(env, "INVOCATIONS_BEFORE_DEREGISTRATION", 10, 1, 1000),
    publishIpCountMetric: flag(env, "CW_METRIC_FLAG_IP_COUNT", true),
    metricNamespace: metricNamespace(env),
    sameVpc: flag(env, "SAME_VPC", true),
    dnsServers: dnsServers(env),
    dnsTimeoutMs: wholeNumber(env, "DNS_TIMEOUT_MS", 1000, 50, 30000),
    s3ForcePathStyle: flag(env, "S3_FORCE_PATH_STYLE", false),
  };
}

function required(env: Env, name: string, expected: string): string {
  const value = env[name]?.trim();
  if (!value) throw new InvalidEnvironmentError(name, expected, env[name]);
  return value;
}

function hostname(env: Env, name: string): string {
  const value = required(env, name, "the ALB's DNS name").toLowerCase().replace(/\.$/, "");
  if (!DNS_NAME.test(value)) {
    throw new InvalidEnvironmentError(
      name,
      'a DNS name like "internal-app-123.us-east-1.elb.amazonaws.com"',
      env[name],
    );
  }
  return value;
}

function wholeNumber(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidEnvironmentError(name, `a whole number from ${min} to ${max}`, env[name]);
  }
  return value;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (raw === "true") return true;
  if (raw === "false") return false;
  throw new InvalidEnvironmentError(name, '"true" or "false"', env[name]);
}

function port(value: unknown): number | undefined {
  const number = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof number === "number" && Number.isInteger(number) && number >= 1 && number <= 65535 ? number : undefined;
}

/** `TARGET_GROUPS` (a JSON list), or the original function's single `NLB_TG_ARN` + `ALB_LISTENER`. */
function targetGroups(env: Env): TargetGroupConfig[] {
  const expected =
    'a JSON list of target groups like [{"arn": "arn:aws:elasticloadbalancing:…:targetgroup/…", "port": 443}]';
  if (env.TARGET_GROUPS === undefined) {
    if (env.NLB_TG_ARN === undefined) {
      throw new InvalidEnvironmentError("TARGET_GROUPS", `${expected} (or NLB_TG_ARN with ALB_LISTENER)`, undefined);
    }
    const arn = env.NLB_TG_ARN.trim();
    if (!TARGET_GROUP_ARN.test(arn))
      throw new InvalidEnvironmentError("NLB_TG_ARN", "a target group ARN", env.NLB_TG_ARN);
    const listener = port(env.ALB_LISTENER);
    if (listener === undefined) {
      throw new InvalidEnvironmentError("ALB_LISTENER", "the ALB listener port, 1 to 65535", env.ALB_LISTENER);
    }
    return [{ arn, port: listener }];
  }
  if (env.NLB_TG_ARN !== undefined) {
    throw new InvalidEnvironmentError(
      "NLB_TG_ARN",
      "to be unset when TARGET_GROUPS is set (set one or the other)",
      env.NLB_TG_ARN,
    );
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(env.TARGET_GROUPS);
  } catch {
    throw new InvalidEnvironmentError("TARGET_GROUPS", expected, env.TARGET_GROUPS);
  }
  if (!Array.isArray(parsed) || parsed.length === 0)
    throw new InvalidEnvironmentError("TARGET_GROUPS", expected, env.TARGET_GROUPS);
  const groups = parsed.map((entry: unknown, index): TargetGroupConfig => {
    const { arn, port: rawPort } = (entry ?? {}) as { arn?: unknown; port?: unknown };
    const groupPort = port(rawPort);
    if (typeof arn !== "string" || !TARGET_GROUP_ARN.test(arn) || groupPort === undefined) {
      throw new InvalidEnvironmentError(
        `TARGET_GROUPS[${index}]`,
        'a target group ARN and the ALB port, like {"arn": "arn:aws:elasticloadbalancing:…:targetgroup/…", "port": 443}',
        JSON.stringify(entry),
      );
    }
    return { arn, port: groupPort };
  });
  const arns = groups.map((group) => group.arn);
  const repeated = arns.find((arn, index) => arns.indexOf(arn) !== index);
  if (repeated) throw new InvalidEnvironmentError("TARGET_GROUPS", "each target group once", repeated);
  return groups;
}

function discovery(env: Env): Discovery {
  const mode = env.DISCOVERY?.trim().toLowerCase() || "dns";
  if (mode === "dns") return { mode };
  if (mode !== "eni") throw new InvalidEnvironmentError("DISCOVERY", '"dns" or "eni"', env.DISCOVERY);
  const albArn = env.ALB_ARN?.trim();
  if (!albArn || !ALB_ARN.test(albArn)) {
    throw new InvalidEnvironmentError(
      "ALB_ARN",
      'the ALB\'s ARN when DISCOVERY is "eni", like "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/my-alb/0123456789abcdef"',
      env.ALB_ARN,
    );
  }
  return { mode, albArn };
}

function metricNamespace(env: Env): string {
  const value = env.METRIC_NAMESPACE?.trim() || "AlbStaticIp";
  // CloudWatch reserves the AWS/ prefix for AWS's own services.
  if (value.startsWith("AWS/") || !/^[A-Za-z0-9._#:/ -]{1,255}$/.test(value)) {
    throw new InvalidEnvironmentError(
      "METRIC_NAMESPACE",
      'a namespace of your own, not starting with "AWS/"',
      env.METRIC_NAMESPACE,
    );
  }
  return value;
}

function dnsServers(env: Env): DnsServer[] | undefined {
  const raw = env.DNS_SERVERS?.trim();
  if (!raw) return undefined;
  // Node's resolver takes addresses, not names: IPv4 as address[:port], IPv6 as [address][:port].
  return raw.split(",").map((entry) => {
    const match = /^(?:([\d.]+)|\[([0-9a-f:]+)\])(?::(\d+))?$/i.exec(entry.trim());
    const host = match?.[1] ?? match?.[2];
    const serverPort = match?.[3] === undefined ? 53 : port(match[3]);
    if (host === undefined || isIP(host) === 0 || serverPort === undefined) {
      throw new InvalidEnvironmentError(
        "DNS_SERVERS",
        'a comma-separated list of IP:port, like "10.0.0.2:53,10.0.1.2"',
        env.DNS_SERVERS,
      );
    }
    return { host, port: serverPort };
  });
}
