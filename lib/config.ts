import { readFileSync } from "node:fs";
import { z } from "zod";
import { ALB_ARN, BOUNDS, DEFAULTS, DISCOVERY_MODES, DNS_NAME } from "../functions/target-sync/contract";
import {
  type AddressSettings,
  allowedSourceSchema,
  ipAddressTypeSchema,
  reportAddressProblems,
  schemeSchema,
  zoneAddressFields,
} from "./config-addresses";
import {
  ALARM_DEFAULTS,
  ALB_HEALTH_CHECK_DEFAULTS,
  FUNCTION_DEFAULTS,
  LOG_LEVELS,
  STATE_BUCKET_DEFAULTS,
  TARGET_MODES,
} from "./defaults";
import { s3BucketNameProblem } from "./s3-bucket-name";
import { DEFAULT_SCHEDULE, isValidScheduleExpression, shortestScheduleGapSeconds } from "./schedule-expression";

/** CloudWatch Logs accepts only these retention periods (days). */
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** The longest suffix a target group name gets: `-public-65535`. NLB and target group names stop at 32 characters. */
const LONGEST_NAME_SUFFIX = "-public-65535".length;
const MAX_NAME_PREFIX = 32 - LONGEST_NAME_SUFFIX;

const port = (what: string) =>
  z
    .number({ error: `expected ${what} as a whole number from 1 to 65535` })
    .int({ error: `expected ${what} as a whole number from 1 to 65535` })
    .min(1, { error: `expected ${what} from 1 to 65535` })
    .max(65535, { error: `expected ${what} from 1 to 65535` });

const wholeNumber = ({ min, max }: { readonly min: number; readonly max: number }, what: string) =>
  z
    .number({ error: `expected ${what}: a whole number from ${min} to ${max}` })
    .int({ error: `expected ${what}: a whole number from ${min} to ${max}` })
    .min(min, { error: `expected ${what}: a whole number from ${min} to ${max}` })
    .max(max, { error: `expected ${what}: a whole number from ${min} to ${max}` });

const text = (what: string) => z.string({ error: `expected ${what}` });

const zoneSchema = z.strictObject({
  availabilityZone: text('an availability zone name like "us-east-1a"').regex(/^[a-z]{2}(-[a-z]+)+-\d[a-z]$/, {
    error: 'expected an availability zone name like "us-east-1a"',
  }),
  publicSubnetId: text('the id of a public subnet in that zone, like "subnet-0123456789abcdef0"').regex(
    /^subnet-[0-9a-f]{8}([0-9a-f]{9})?$/,
    { error: 'expected the id of a public subnet in that zone, like "subnet-0123456789abcdef0"' },
  ),
  ...zoneAddressFields,
});

const allowedSourcesSchema = z
  .array(allowedSourceSchema, { error: 'expected a list of CIDRs, like ["203.0.113.0/24", "2001:db8::/32"]' })
  .min(1, { error: 'expected at least one CIDR ("0.0.0.0/0" for everyone)' });

const albArnSchema = text("the ALB's ARN").regex(ALB_ARN, {
  error:
    'expected the ALB\'s ARN, like "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/my-alb/0123456789abcdef"',
});
const albDnsNameSchema = text("the ALB's DNS name").regex(DNS_NAME, {
  error: 'expected the ALB\'s DNS name, like "internal-app-123.us-east-1.elb.amazonaws.com"',
});

const portSchema = z.strictObject({
  port: port("the NLB listener port"),
  albPort: port("the ALB listener port").optional(),
  allowedSources: allowedSourcesSchema.optional(),
  // A port may go to an ALB of its own; the top-level ALB is the others'. Cross-field rules in reportPortAlbProblems.
  albDnsName: albDnsNameSchema.optional(),
  albArn: albArnSchema.optional(),
});

/** An NLB target group's HTTP health check accepts codes from 200 to 599: `200`, `200-399`, `200,301`. */
const HTTP_CODES = /^([2-5]\d\d)(-[2-5]\d\d)?(,([2-5]\d\d)(-[2-5]\d\d)?)*$/;

const healthCheckSchema = z.strictObject({
  protocol: z
    .enum(["HTTP", "HTTPS"], { error: 'expected "HTTP" or "HTTPS": AWS checks an ALB target over HTTP(S)' })
    .optional(),
  port: port("the ALB listener port to check").optional(),
  path: text('a path like "/health"')
    .regex(/^\/\S{0,1023}$/, { error: 'expected a path like "/health"' })
    .default(ALB_HEALTH_CHECK_DEFAULTS.path),
  matcher: text('HTTP codes like "200-399"')
    .regex(HTTP_CODES, { error: 'expected HTTP codes from 200 to 599, like "200-399" or "200,301"' })
    .default(ALB_HEALTH_CHECK_DEFAULTS.matcher),
});

const backendSchema = z.discriminatedUnion(
  "type",
  [
    z.strictObject({
      type: z.literal("local"),
      path: text("a file path for the local state").min(1).optional(),
    }),
    z.strictObject({
      type: z.literal("s3"),
      bucket: text("the name of the bucket holding Terraform state").min(1),
      key: text('the state object key, like "alb-static-ip/terraform.tfstate"').min(1),
      region: text('the state bucket\'s region, like "us-east-1"').regex(REGION, {
        error: 'expected the state bucket\'s region, like "us-east-1"',
      }),
      useLockfile: z.boolean({ error: "expected true or false" }).optional(),
      dynamodbTable: text("the name of a DynamoDB lock table").min(1).optional(),
    }),
  ],
  { error: 'expected a backend with "type" "local" or "s3"' },
);

export const functionSchema = z.strictObject({
  memorySize: wholeNumber({ min: 128, max: 10240 }, "the function memory in MB").default(FUNCTION_DEFAULTS.memorySize),
  timeoutSeconds: wholeNumber({ min: 1, max: 900 }, "the function timeout in seconds").default(
    FUNCTION_DEFAULTS.timeoutSeconds,
  ),
  schedule: text("a schedule expression")
    .refine(isValidScheduleExpression, {
      error: 'expected "rate(<n> minute|minutes|hour|hours|day|days)" or "cron(<6 fields>)", like "rate(1 minute)"',
      abort: true,
    })
    .refine((schedule) => shortestScheduleGapSeconds(schedule) <= BOUNDS.schedulePeriodSeconds.max, {
      error: `expected a schedule that runs at least every ${BOUNDS.schedulePeriodSeconds.max / 86400} days`,
    })
    .default(DEFAULT_SCHEDULE),
  maxLookupsPerRun: wholeNumber(BOUNDS.maxLookupsPerRun, "the most DNS lookups per run").default(
    DEFAULTS.maxLookupsPerRun,
  ),
  runsBeforeDeregistration: wholeNumber(
    BOUNDS.runsBeforeDeregistration,
    "how many runs an IP must be missing before it is deregistered",
  ).default(DEFAULTS.runsBeforeDeregistration),
  publishIpCountMetric: z.boolean({ error: "expected true or false" }).default(DEFAULTS.publishIpCountMetric),
  logRetentionDays: z
    .number()
    .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), {
      error: `expected one of CloudWatch Logs' retention periods: ${LOG_RETENTION_DAYS.join(", ")}`,
    })
    .default(FUNCTION_DEFAULTS.logRetentionDays),
  sameVpc: z.boolean({ error: "expected true or false" }).default(DEFAULTS.sameVpc),
  logLevel: z
    .enum(LOG_LEVELS, { error: `expected one of ${LOG_LEVELS.map((level) => `"${level}"`).join(", ")}` })
    .default(FUNCTION_DEFAULTS.logLevel),
  reserveConcurrency: z.boolean({ error: "expected true or false" }).default(FUNCTION_DEFAULTS.reserveConcurrency),
  discovery: z
    .enum(DISCOVERY_MODES, { error: 'expected "dns" (the ALB\'s DNS answers) or "eni" (its network interfaces)' })
    .default(DEFAULTS.discovery),
});

const alarmsSchema = z
  .strictObject({
    topicArn: text("an SNS topic ARN")
      .regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/, {
        error: 'expected an SNS topic ARN, like "arn:aws:sns:us-east-1:111122223333:ops-alarms"',
      })
      .optional(),
    emails: z
      .array(text("an e-mail address").email({ error: 'expected an e-mail address, like "ops@example.com"' }), {
        error: 'expected a list of e-mail addresses, like ["ops@example.com"]',
      })
      .min(1, { error: "expected at least one e-mail address" })
      .optional(),
    failedRuns: wholeNumber({ min: 1, max: 1440 }, "failed runs in a row before the alarm").default(
      ALARM_DEFAULTS.failedRuns,
    ),
    missedRuns: wholeNumber({ min: 1, max: 1440 }, "periods without a run before the alarm").default(
      ALARM_DEFAULTS.missedRuns,
    ),
    unhealthyMinutes: wholeNumber({ min: 1, max: 1440 }, "minutes without a healthy target before the alarm").default(
      ALARM_DEFAULTS.unhealthyMinutes,
    ),
    noIpPeriods: wholeNumber({ min: 1, max: 1440 }, "periods without an ALB IP before the alarm").default(
      ALARM_DEFAULTS.noIpPeriods,
    ),
    cutOffPeriods: wholeNumber({ min: 1, max: 1440 }, "periods with a static IP cut off before the alarm").default(
      ALARM_DEFAULTS.cutOffPeriods,
    ),
  })
  .refine((alarms) => (alarms.topicArn === undefined) !== (alarms.emails === undefined), {
    error: 'expected either "topicArn" (an existing SNS topic) or "emails" (a new topic e-mailing them), not both',
  });

const REGION_SCHEMA = text('an AWS region like "us-east-1"').regex(REGION, {
  error: 'expected an AWS region like "us-east-1"',
});
const NAME_PREFIX_SCHEMA = text("a name prefix")
  .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, {
    error: 'expected lower-case letters, digits and inner hyphens, like "app"',
  })
  .max(MAX_NAME_PREFIX, {
    error: `expected at most ${MAX_NAME_PREFIX} characters, so that "<prefix>-public-<port>" fits AWS's 32-character target group names`,
  });
const STATE_BUCKET_SCHEMA = text("the state bucket's name").superRefine((name, ctx) => {
  const problem = s3BucketNameProblem(name);
  if (problem) ctx.addIssue({ code: "custom", message: problem, input: name });
});

/**
 * The fields the app's config shares with the construct's props (`AlbStaticIpsProps`), one to one: the config is
 * these plus where the app keeps its state (`stackName`, `backend`), with `region`, `namePrefix` and `stateBucket`
 * required.
 */
const sharedShape = {
  region: REGION_SCHEMA,
  namePrefix: NAME_PREFIX_SCHEMA,
  vpcId: text('a VPC id like "vpc-0123456789abcdef0"').regex(/^vpc-[0-9a-f]{8}([0-9a-f]{9})?$/, {
    error: 'expected a VPC id like "vpc-0123456789abcdef0"',
  }),
  albArn: albArnSchema.optional(),
  albDnsName: albDnsNameSchema,
  zones: z
    .array(zoneSchema, { error: "expected a list of { availabilityZone, publicSubnetId }" })
    .min(1, { error: "expected at least one availability zone with its public subnet" }),
  ports: z
    .array(portSchema, { error: "expected a list of { port, albPort? }" })
    .min(1, { error: 'expected at least one port, like [{ "port": 443 }]' }),
  stateBucket: STATE_BUCKET_SCHEMA,
  stateVersionRetentionDays: wholeNumber({ min: 1, max: 3650 }, "the days a replaced state version is kept").default(
    STATE_BUCKET_DEFAULTS.noncurrentVersionRetentionDays,
  ),
  protectStaticIps: z.boolean({ error: "expected true or false" }).default(true),
  protectLoadBalancer: z.boolean({ error: "expected true or false" }).default(true),
  crossZone: z.boolean({ error: "expected true or false" }).default(true),
  adoptAddressPrefix: text('the address prefix of the state to adopt, like "app" for aws_eip.app_us_east_1a')
    .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, {
      error: 'expected the address prefix of the state to adopt, like "app" for aws_eip.app_us_east_1a',
    })
    .optional(),
  alarms: alarmsSchema.optional(),
  targets: z
    .enum(TARGET_MODES, {
      error: 'expected "sync" (the function keeps IP targets) or "alb" (the ALB itself is the target)',
    })
    .default("sync"),
  healthCheck: healthCheckSchema.optional(),
  allowedSources: allowedSourcesSchema.optional(),
  scheme: schemeSchema,
  ipAddressType: ipAddressTypeSchema,
  albSecurityGroupId: text('a security group id like "sg-0123456789abcdef0"')
    .regex(/^sg-[0-9a-f]{8}([0-9a-f]{9})?$/, { error: 'expected a security group id like "sg-0123456789abcdef0"' })
    .optional(),
  // Optional rather than defaulted, so that alb mode can refuse settings of a function it does not run.
  function: functionSchema.optional(),
};

export const configSchema = z
  .strictObject({
    stackName: text("a stack name of letters, digits, - and _")
      .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, { error: "expected a stack name of letters, digits, - and _" })
      .default("alb-static-ip"),
    ...sharedShape,
    backend: backendSchema.default({ type: "local" }),
  })
  .superRefine(reportCrossFieldProblems)
  .transform(({ function: settings, ...config }) => ({
    ...config,
    function: settings ?? functionSchema.parse({}),
  }));

/** The construct's props, as far as they are known at synth: the config's fields, where the app's are its own. */
export const propsSchema = z
  .strictObject({
    ...sharedShape,
    // Left out, each has a default of the construct's own: the provider's region, the construct's id, a name
    // Terraform makes up.
    region: REGION_SCHEMA.optional(),
    namePrefix: NAME_PREFIX_SCHEMA.optional(),
    stateBucket: STATE_BUCKET_SCHEMA.optional(),
  })
  .superRefine(reportCrossFieldProblems);

/** The settings the cross-field checks read, as either schema gives them. */
interface CrossFieldSettings extends AddressSettings {
  readonly region?: string;
  readonly zones: readonly (AddressSettings["zones"][number] & {
    readonly availabilityZone: string;
    readonly publicSubnetId: string;
  })[];
  readonly ports: readonly PortAlbFields[];
  readonly albArn?: string;
  readonly albSecurityGroupId?: string;
  readonly targets: (typeof TARGET_MODES)[number];
  readonly healthCheck?: object;
  readonly function?: { readonly discovery: string };
}

/**
 * What is wrong with a config or the props beyond each field on its own. Values are compared only when each is
 * well-formed on its own (a region, an ARN), so that a value Terraform fills in later (a token) is left alone.
 */
function reportCrossFieldProblems(config: CrossFieldSettings, ctx: z.RefinementCtx): void {
  reportDuplicates(
    config.zones.map((zone) => zone.availabilityZone),
    ["zones", "availabilityZone"],
    "availability zone",
    ctx,
  );
  reportDuplicates(
    config.zones.map((zone) => zone.publicSubnetId),
    ["zones", "publicSubnetId"],
    "subnet",
    ctx,
  );
  reportDuplicates(
    config.ports.map((entry) => entry.port),
    ["ports", "port"],
    "port",
    ctx,
  );
  reportPortAlbProblems(config, ctx);
  if (config.function?.discovery === "eni" && config.albArn === undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["albArn"],
      message: "expected the ALB's ARN: function.discovery \"eni\" lists the ALB's network interfaces by it",
    });
  }
  const region = config.region !== undefined && REGION.test(config.region) ? config.region : undefined;
  if (region !== undefined && config.albArn !== undefined && ALB_ARN.test(config.albArn)) {
    if (config.albArn.split(":")[3] !== region) {
      ctx.addIssue({ code: "custom", path: ["albArn"], message: `expected an ALB in region ${region}` });
    }
  }
  config.zones.forEach((zone, index) => {
    if (region !== undefined && !zone.availabilityZone.startsWith(region)) {
      ctx.addIssue({
        code: "custom",
        path: ["zones", index, "availabilityZone"],
        message: `expected a zone of region ${region}, got "${zone.availabilityZone}"`,
      });
    }
  });
  reportModeProblems(config, ctx);
  reportAddressProblems(config, ctx);
  const allowlisted = config.allowedSources !== undefined || config.ports.some((entry) => entry.allowedSources);
  if (config.albSecurityGroupId !== undefined && !allowlisted) {
    ctx.addIssue({
      code: "custom",
      path: ["albSecurityGroupId"],
      message:
        'expected "allowedSources" too (["0.0.0.0/0"] to stay open): the rule admits the NLB\'s security group, which only an allowlist gives the NLB',
    });
  }
}

/**
 * What AWS refuses of an ALB-type target group, and settings that mean nothing in the mode chosen. AWS's limits: the
 * target group is TCP (as every one here) with the port of an ALB listener (`albPort`; the NLB's `port` may differ),
 * it holds one ALB, registered by ARN, in the NLB's account and VPC; its health check is HTTP or HTTPS.
 */
function reportModeProblems(
  config: {
    readonly targets: (typeof TARGET_MODES)[number];
    readonly albArn?: string;
    readonly ports: readonly PortAlbFields[];
    readonly healthCheck?: object;
    readonly function?: object;
  },
  ctx: z.RefinementCtx,
): void {
  if (config.targets === "alb") {
    if (config.albArn === undefined && config.ports.some((entry) => entry.albArn === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["albArn"],
        message: 'expected the ALB\'s ARN: targets "alb" registers the ALB itself, by its ARN',
      });
    }
    if (config.function !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["function"],
        message: 'expected no function settings: targets "alb" runs no function (AWS keeps the ALB registered)',
      });
    }
  } else if (config.healthCheck !== undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["healthCheck"],
      message:
        'expected no healthCheck: it configures targets "alb"; the sync function\'s IP targets are checked over TCP',
    });
  }
}

/** A port's fields that say which ALB it goes to. */
interface PortAlbFields {
  readonly port: number;
  readonly allowedSources?: readonly string[];
  readonly albDnsName?: string;
  readonly albArn?: string;
}

/**
 * A port of an ALB of its own: the sync function knows an ALB by its DNS name (its IPs, its state), ENI discovery
 * and targets "alb" by its ARN, so each mode needs the one it uses; and an ALB has one ARN whatever port names it.
 */
function reportPortAlbProblems(
  config: {
    readonly targets: (typeof TARGET_MODES)[number];
    readonly albDnsName?: string;
    readonly albArn?: string;
    readonly ports: readonly PortAlbFields[];
    readonly function?: { readonly discovery: string };
  },
  ctx: z.RefinementCtx,
): void {
  // Each ALB's ARN, from the top level or the first port that gives it.
  const arnOf = new Map<string, { readonly arn: string; readonly port: number | undefined }>();
  if (config.albDnsName !== undefined && config.albArn !== undefined) {
    arnOf.set(config.albDnsName, { arn: config.albArn, port: undefined });
  }
  for (const entry of config.ports) {
    if (entry.albDnsName !== undefined && entry.albArn !== undefined && !arnOf.has(entry.albDnsName)) {
      arnOf.set(entry.albDnsName, { arn: entry.albArn, port: entry.port });
    }
  }
  config.ports.forEach((entry, index) => {
    const problem = (field: string, message: string) =>
      ctx.addIssue({ code: "custom", path: ["ports", index, field], message: `port ${entry.port}: ${message}` });
    if (config.targets === "sync" && entry.albArn !== undefined && entry.albDnsName === undefined) {
      problem("albDnsName", 'expected the ALB\'s DNS name with its "albArn": the sync function finds its IPs by it');
    }
    if (entry.albDnsName === undefined) return;
    const named = arnOf.get(entry.albDnsName);
    if (config.function?.discovery === "eni" && named === undefined) {
      problem("albArn", "expected the ALB's ARN: function.discovery \"eni\" lists the ALB's network interfaces by it");
    }
    if (entry.albArn !== undefined && named !== undefined && named.arn !== entry.albArn) {
      problem(
        "albArn",
        `expected the ARN ${named.port === undefined ? "the top-level albArn" : `port ${named.port}`} gives ${entry.albDnsName}: one ALB has one ARN`,
      );
    }
  });
}

function reportDuplicates(
  values: readonly (string | number)[],
  [list, field]: readonly [string, string],
  what: string,
  ctx: z.RefinementCtx,
): void {
  values.forEach((value, index) => {
    const first = values.indexOf(value);
    if (first !== index) {
      ctx.addIssue({
        code: "custom",
        path: [list, index, field],
        message: `duplicate ${what} ${value} (already at ${list}[${first}]); list each ${what} once`,
      });
    }
  });
}

/** The validated configuration, with every default filled in. */
export type StaticIpConfig = z.output<typeof configSchema>;
export type BackendConfig = StaticIpConfig["backend"];

/**
 * Where a local backend keeps the state, relative to the folder Terraform runs in (`cdktf.out/stacks/<stack>`): by
 * default the project's root. Relative (unlike cdktf's absolute default), so the synthesized JSON is the same on
 * every machine.
 */
export function localStatePath(backend: Extract<BackendConfig, { type: "local" }>, stackName: string): string {
  return backend.path ?? `../../../terraform.${stackName}.tfstate`;
}

/** Thrown when a configuration does not validate; its message lists every problem with the field's path. */
export class InvalidConfigError extends Error {
  constructor(
    source: string,
    readonly problems: readonly string[],
  ) {
    super(`Invalid configuration in ${source}:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "InvalidConfigError";
  }
}

/** Validates a parsed configuration and fills in defaults. */
export function parseConfig(raw: unknown, source = "config"): StaticIpConfig {
  // The input on each issue tells a missing field (no input) from one of the wrong type.
  const result = configSchema.safeParse(raw, { reportInput: true });
  if (result.success) return result.data;
  throw new InvalidConfigError(
    source,
    result.error.issues.map((issue) => `${formatPath(issue.path, "config")}: ${describeIssue(issue)}`),
  );
}

/**
 * What is wrong with the construct's props, each as `<field path>: <problem>` with the config's wording; empty when
 * nothing is. A value Terraform fills in later (`isToken`: a reference to a resource's attribute) is not checked: a
 * problem found in a token's placeholder text is no problem of the value.
 */
export function propsProblems(props: unknown, isToken: (value: unknown) => boolean): string[] {
  const result = propsSchema.safeParse(props, { reportInput: true });
  if (result.success) return [];
  return result.error.issues
    .filter((issue) => !isToken(issue.input))
    .map((issue) => `${formatPath(issue.path, "")}: ${describeIssue(issue)}`);
}

/** Reads and validates a JSON configuration file. */
export function loadConfig(path: string): StaticIpConfig {
  let json: string;
  try {
    json = readFileSync(path, "utf8");
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    throw new InvalidConfigError(path, [
      code === "ENOENT" ? `no config file at ${path}` : `cannot read ${path}: ${message}`,
    ]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new InvalidConfigError(path, [`${path} is not JSON: ${(error as Error).message}`]);
  }
  return parseConfig(raw, path);
}

/**
 * The issue's message, which for a missing field says so first: the schema's messages say what is expected, and
 * zod reports a missing field as a value of the wrong type.
 */
function describeIssue(issue: z.core.$ZodIssue): string {
  return issue.code === "invalid_type" && issue.input === undefined ? `is required: ${issue.message}` : issue.message;
}

/** `config.zones[0].availabilityZone` from `["zones", 0, "availabilityZone"]` and root `config`; no root, no dot. */
function formatPath(path: readonly PropertyKey[], root: string): string {
  return path.reduce<string>(
    (text, key) => (typeof key === "number" ? `${text}[${key}]` : text === "" ? String(key) : `${text}.${String(key)}`),
    root,
  );
}
