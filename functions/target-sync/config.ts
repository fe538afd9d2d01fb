/**
 * The function's configuration, read from its environment once per container, by the names, defaults and bounds
 * of `contract.ts`. A bad value fails the cold start with the variable's name and what it should hold, before
 * anything is read or changed.
 */

import { isIP } from "node:net";
import { type AlbTargetGroups, albsOf } from "./albs";
import {
  ALB_ARN,
  BOUNDS,
  DEFAULTS,
  DISCOVERY_MODES,
  type DiscoverySetting,
  DNS_NAME,
  type DnsServer,
  type FunctionOnlySettings,
  LEGACY_ENVIRONMENT_VARIABLES as LEGACY,
  ENVIRONMENT_VARIABLES as NAME,
  type SyncSettings,
  TARGET_GROUP_ARN,
  type TargetGroupSetting,
} from "./contract";

export type SyncConfig = SyncSettings & FunctionOnlySettings;

export class InvalidEnvironmentError extends Error {
  constructor(variable: string, expected: string, got: string | undefined) {
    super(
      `${variable}: expected ${expected}, got ${got === undefined ? "nothing (it is not set)" : JSON.stringify(got)}`,
    );
    this.name = "InvalidEnvironmentError";
  }
}

type Env = Readonly<Record<string, string | undefined>>;

export function readSyncConfig(env: Env): SyncConfig {
  const albDnsName = hostname(env, NAME.albDnsName);
  const groups = targetGroups(env);
  const discoverySetting = discovery(env);
  checkAlbs(groups, albDnsName, discoverySetting);
  return {
    albDnsName,
    stateBucket: required(env, NAME.stateBucket, "the name of the state bucket"),
    targetGroups: groups,
    discovery: discoverySetting,
    maxLookupsPerRun: wholeNumber(env, "maxLookupsPerRun"),
    runsBeforeDeregistration: wholeNumber(env, "runsBeforeDeregistration"),
    schedulePeriodSeconds: wholeNumber(env, "schedulePeriodSeconds"),
    publishIpCountMetric: flag(env, "publishIpCountMetric"),
    sameVpc: flag(env, "sameVpc"),
    nlbZones: zoneList(env),
    crossZone: flag(env, "crossZone"),
    metricNamespace: metricNamespace(env),
    dnsServers: dnsServers(env),
    dnsTimeoutMs: wholeNumber(env, "dnsTimeoutMs"),
    apiTimeoutMs: wholeNumber(env, "apiTimeoutMs"),
    s3ForcePathStyle: flag(env, "s3ForcePathStyle"),
  };
}

function required(env: Env, name: string, expected: string): string {
  const value = env[name]?.trim();
  if (!value) throw new InvalidEnvironmentError(name, expected, env[name]);
  return value;
}

function hostname(env: Env, name: string): string {
  const value = normalHostname(required(env, name, "the ALB's DNS name"));
  if (!DNS_NAME.test(value)) {
    throw new InvalidEnvironmentError(
      name,
      'a DNS name like "internal-app-123.us-east-1.elb.amazonaws.com"',
      env[name],
    );
  }
  return value;
}

/** Lower case without the root's dot, so that one ALB named two ways is discovered (and its state kept) once. */
function normalHostname(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, "");
}

function wholeNumber(env: Env, setting: keyof typeof BOUNDS): number {
  const name = NAME[setting];
  const raw = env[name]?.trim();
  if (!raw) return DEFAULTS[setting];
  const { min, max } = BOUNDS[setting];
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidEnvironmentError(name, `a whole number from ${min} to ${max}`, env[name]);
  }
  return value;
}

function flag(env: Env, setting: "publishIpCountMetric" | "sameVpc" | "crossZone" | "s3ForcePathStyle"): boolean {
  const name = NAME[setting];
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return DEFAULTS[setting];
  if (raw === "true") return true;
  if (raw === "false") return false;
  throw new InvalidEnvironmentError(name, '"true" or "false"', env[name]);
}

function zoneList(env: Env): readonly string[] {
  const raw = env[NAME.nlbZones]?.trim();
  if (!raw) return DEFAULTS.nlbZones;
  const zones = raw.split(",").map((zone) => zone.trim());
  if (!zones.every((zone) => /^[a-z]{2}(-[a-z]+)+-\d[a-z]$/.test(zone))) {
    throw new InvalidEnvironmentError(
      NAME.nlbZones,
      'a comma-separated list of zones, like "us-east-1a,us-east-1b"',
      raw,
    );
  }
  return zones;
}

function port(value: unknown): number | undefined {
  const number = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof number === "number" && Number.isInteger(number) && number >= 1 && number <= 65535 ? number : undefined;
}

/** `TARGET_GROUPS` (a JSON list), or the original function's single `NLB_TG_ARN` + `ALB_LISTENER`. */
function targetGroups(env: Env): TargetGroupSetting[] {
  const expected =
    'a JSON list of target groups like [{"arn": "arn:aws:elasticloadbalancing:…:targetgroup/…", "port": 443}]';
  const raw = env[NAME.targetGroups];
  const legacyArn = env[LEGACY.targetGroupArn];
  if (raw === undefined) {
    if (legacyArn === undefined) {
      throw new InvalidEnvironmentError(
        NAME.targetGroups,
        `${expected} (or ${LEGACY.targetGroupArn} with ${LEGACY.albListenerPort})`,
        undefined,
      );
    }
    const arn = legacyArn.trim();
    if (!TARGET_GROUP_ARN.test(arn)) {
      throw new InvalidEnvironmentError(LEGACY.targetGroupArn, "a target group ARN", legacyArn);
    }
    const listener = port(env[LEGACY.albListenerPort]);
    if (listener === undefined) {
      throw new InvalidEnvironmentError(
        LEGACY.albListenerPort,
        "the ALB listener port, 1 to 65535",
        env[LEGACY.albListenerPort],
      );
    }
    return [{ arn, port: listener }];
  }
  if (legacyArn !== undefined) {
    throw new InvalidEnvironmentError(
      LEGACY.targetGroupArn,
      `to be unset when ${NAME.targetGroups} is set (set one or the other)`,
      legacyArn,
    );
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new InvalidEnvironmentError(NAME.targetGroups, expected, raw);
  }
  if (!Array.isArray(parsed) || parsed.length === 0)
    throw new InvalidEnvironmentError(NAME.targetGroups, expected, raw);
  const groups = parsed.map((entry: unknown, index): TargetGroupSetting => {
    const {
      arn,
      port: rawPort,
      albDnsName,
      albArn,
    } = (entry ?? {}) as { arn?: unknown; port?: unknown; albDnsName?: unknown; albArn?: unknown };
    const groupPort = port(rawPort);
    const ownAlb = typeof albDnsName === "string" ? normalHostname(albDnsName) : albDnsName;
    if (
      typeof arn !== "string" ||
      !TARGET_GROUP_ARN.test(arn) ||
      groupPort === undefined ||
      (ownAlb !== undefined && (typeof ownAlb !== "string" || !DNS_NAME.test(ownAlb))) ||
      (albArn !== undefined && (typeof albArn !== "string" || !ALB_ARN.test(albArn) || ownAlb === undefined))
    ) {
      throw new InvalidEnvironmentError(
        `${NAME.targetGroups}[${index}]`,
        'a target group ARN and the ALB port, like {"arn": "arn:aws:elasticloadbalancing:…:targetgroup/…", "port": 443}, and for a group of an ALB of its own, its DNS name (and for ENI discovery its ARN), like "albDnsName": "internal-admin-123.us-east-1.elb.amazonaws.com", "albArn": "arn:aws:elasticloadbalancing:…:loadbalancer/app/…"',
        JSON.stringify(entry),
      );
    }
    return {
      arn,
      port: groupPort,
      ...(ownAlb === undefined ? {} : { albDnsName: ownAlb }),
      ...(albArn === undefined ? {} : { albArn }),
    };
  });
  const arns = groups.map((group) => group.arn);
  const repeated = arns.find((arn, index) => arns.indexOf(arn) !== index);
  if (repeated) throw new InvalidEnvironmentError(NAME.targetGroups, "each target group once", repeated);
  return groups;
}

function discovery(env: Env): DiscoverySetting {
  const mode = env[NAME.discovery]?.trim().toLowerCase() || DEFAULTS.discovery;
  if (mode === "dns") return { mode };
  if (mode !== "eni") {
    throw new InvalidEnvironmentError(
      NAME.discovery,
      DISCOVERY_MODES.map((m) => `"${m}"`).join(" or "),
      env[NAME.discovery],
    );
  }
  const albArn = env[NAME.albArn]?.trim();
  if (!albArn || !ALB_ARN.test(albArn)) {
    throw new InvalidEnvironmentError(
      NAME.albArn,
      `the ALB's ARN when ${NAME.discovery} is "eni", like "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/my-alb/0123456789abcdef"`,
      env[NAME.albArn],
    );
  }
  return { mode, albArn };
}

/** Each ALB one ARN, and with ENI discovery, each ALB an ARN to list its interfaces by. */
function checkAlbs(groups: readonly TargetGroupSetting[], albDnsName: string, setting: DiscoverySetting): void {
  let albs: AlbTargetGroups[];
  try {
    albs = albsOf(groups, { albDnsName, ...(setting.mode === "eni" ? { albArn: setting.albArn } : {}) });
  } catch (error) {
    throw new InvalidEnvironmentError(NAME.targetGroups, "one ARN for each ALB", (error as Error).message);
  }
  if (setting.mode !== "eni") return;
  const unnamed = albs.find((alb) => alb.albArn === undefined);
  if (unnamed) {
    const index = groups.indexOf(unnamed.targetGroups[0]);
    throw new InvalidEnvironmentError(
      `${NAME.targetGroups}[${index}]`,
      `the ALB's "albArn" with its "albDnsName" when ${NAME.discovery} is "eni": its interfaces are listed by it`,
      JSON.stringify(groups[index]),
    );
  }
}

function metricNamespace(env: Env): string {
  const raw = env[NAME.metricNamespace];
  const value = raw?.trim() || DEFAULTS.metricNamespace;
  // CloudWatch reserves the AWS/ prefix for AWS's own services.
  if (value.startsWith("AWS/") || !/^[A-Za-z0-9._#:/ -]{1,255}$/.test(value)) {
    throw new InvalidEnvironmentError(NAME.metricNamespace, 'a namespace of your own, not starting with "AWS/"', raw);
  }
  return value;
}

function dnsServers(env: Env): DnsServer[] | undefined {
  const raw = env[NAME.dnsServers];
  if (!raw?.trim()) return undefined;
  // Node's resolver takes addresses, not names: IPv4 as address[:port], IPv6 as [address][:port].
  return raw
    .trim()
    .split(",")
    .map((entry) => {
      const match = /^(?:([\d.]+)|\[([0-9a-f:]+)\])(?::(\d+))?$/i.exec(entry.trim());
      const host = match?.[1] ?? match?.[2];
      const serverPort = match?.[3] === undefined ? 53 : port(match[3]);
      if (host === undefined || isIP(host) === 0 || serverPort === undefined) {
        throw new InvalidEnvironmentError(
          NAME.dnsServers,
          'a comma-separated list of IP:port, like "10.0.0.2:53,10.0.1.2"',
          raw,
        );
      }
      return { host, port: serverPort };
    });
}
