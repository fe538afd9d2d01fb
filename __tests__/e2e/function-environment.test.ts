/**
 * The contract across the stack/function boundary, end to end: the environment the stack synthesizes, evaluated by
 * real Terraform, read by the function's own `readSyncConfig`, gives back the settings of the config it came from.
 */

import { readSyncConfig, type SyncConfig } from "../../functions/target-sync/config";
import { DEFAULTS, syncEnvironment } from "../../functions/target-sync/contract";
import { albStaticIpsPropsOf } from "../../lib/app-config";
import type { StaticIpConfig } from "../../lib/config";
import { shortestScheduleGapSeconds } from "../../lib/schedule-expression";
import { syncFunctionInputs, syncSettingsOf } from "../../lib/sync-function-inputs";
import { exampleConfigJson, exampleConfigWith, synthStack } from "../synthesis/stack";
import { evaluateJsonSyntax, terraformUnavailable } from "../synthesis/terraform";

const unavailable = terraformUnavailable();
const describeWithTerraform = unavailable ? describe.skip : describe;

const ALB_ARN = "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/app-internal/50dc6c495c0c9188";
const ADMIN_ALB = "internal-admin-987654321.us-east-1.elb.amazonaws.com";
const ADMIN_ALB_ARN = "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/admin/0a1b2c3d4e5f6789";
const exampleFunction = exampleConfigJson().function as Record<string, unknown>;
const withFunction = (settings: Record<string, unknown>, top: Record<string, unknown> = {}) =>
  exampleConfigWith({ ...top, function: { ...exampleFunction, ...settings } });

/** A made-up ARN for a target group resource, standing in for the one AWS assigns at apply. */
const targetGroupArn = (resourceName: string) =>
  `arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/${resourceName.replace(/_/g, "-")}/0123456789abcdef`;

/**
 * The function's environment as Terraform would hand it to Lambda: the synthesized values, with the references to
 * resources AWS names at apply (target group ARNs, the bucket's id) and to the variables replaced by their values.
 */
function deployedEnvironment(config: StaticIpConfig): {
  env: Record<string, string>;
  targetGroupArnByPort: ReadonlyMap<number, string>;
} {
  const { tf } = synthStack(config);
  const [lambda] = Object.values(tf.resource.aws_lambda_function) as { environment: { variables: object } }[];
  const targetGroups = Object.keys(tf.resource.aws_lb_target_group);
  const references: Record<string, string | undefined> = {
    "var.alb_dns_name": config.albDnsName,
    "var.alb_arn": config.albArn,
    ...Object.fromEntries(
      Object.keys(tf.resource.aws_s3_bucket).map((name) => [`aws_s3_bucket.${name}.id`, config.stateBucket]),
    ),
    ...Object.fromEntries(targetGroups.map((name) => [`aws_lb_target_group.${name}.arn`, targetGroupArn(name)])),
  };
  const variables = Object.fromEntries(
    Object.entries(lambda.environment.variables).map(([name, template]) => [
      name,
      String(template).replace(/\b(?:var|aws_[a-z0-9_]+)\.[a-z0-9_]+(?:\.[a-z]+)?\b/g, (reference) => {
        const value = references[reference];
        if (value === undefined) throw new Error(`${name} refers to ${reference}, which this test cannot stand in for`);
        return JSON.stringify(value);
      }),
    ]),
  );
  const env = evaluateJsonSyntax(variables) as Record<string, string>;
  // Each NLB port's target group, found through its listener's forward action.
  const listeners = Object.values(tf.resource.aws_lb_listener) as {
    port: number;
    default_action: { target_group_arn: string }[];
  }[];
  const targetGroupArnByPort = new Map(
    listeners.map((listener) => [
      listener.port,
      targetGroupArn(
        /aws_lb_target_group\.([a-z0-9_]+)\.arn/.exec(listener.default_action[0].target_group_arn)?.[1] ?? "",
      ),
    ]),
  );
  return { env, targetGroupArnByPort };
}

/** What the function should read back: the config's settings, and the function's own defaults for the rest. */
function expectedSettings(config: StaticIpConfig, targetGroupArnByPort: ReadonlyMap<number, string>): SyncConfig {
  return {
    albDnsName: config.albDnsName,
    stateBucket: config.stateBucket,
    targetGroups: config.ports.map((port) => ({
      arn: targetGroupArnByPort.get(port.port) ?? "",
      port: port.albPort ?? port.port,
      ...(port.albDnsName === undefined ? {} : { albDnsName: port.albDnsName }),
      ...(port.albArn === undefined || config.function.discovery !== "eni" ? {} : { albArn: port.albArn }),
    })),
    discovery: config.function.discovery === "eni" ? { mode: "eni", albArn: config.albArn ?? "" } : { mode: "dns" },
    maxLookupsPerRun: config.function.maxLookupsPerRun,
    runsBeforeDeregistration: config.function.runsBeforeDeregistration,
    schedulePeriodSeconds: shortestScheduleGapSeconds(config.function.schedule),
    publishIpCountMetric: config.function.publishIpCountMetric,
    sameVpc: config.function.sameVpc,
    nlbZones: config.zones.map((zone) => zone.availabilityZone),
    crossZone: config.crossZone,
    metricNamespace: DEFAULTS.metricNamespace,
    dnsServers: undefined,
    dnsTimeoutMs: DEFAULTS.dnsTimeoutMs,
    apiTimeoutMs: DEFAULTS.apiTimeoutMs,
    s3ForcePathStyle: DEFAULTS.s3ForcePathStyle,
  };
}

const configs: [string, StaticIpConfig][] = [
  ["the example config", exampleConfigWith({})],
  ["a lookup cap of 50", withFunction({ maxLookupsPerRun: 50 })],
  ["deregistration on the 3rd miss", withFunction({ runsBeforeDeregistration: 3 })],
  ["a run every 5 minutes", withFunction({ schedule: "rate(5 minutes)" })],
  ["a cron schedule", withFunction({ schedule: "cron(0/10 8-18 ? * MON-FRI *)" })],
  ["no IP-count metric", withFunction({ publishIpCountMetric: false })],
  ["an ALB in another VPC", withFunction({ sameVpc: false })],
  ["ENI discovery", withFunction({ discovery: "eni" }, { albArn: ALB_ARN })],
  ["an NLB port forwarded to another ALB port", exampleConfigWith({ ports: [{ port: 8443, albPort: 443 }] })],
  [
    "a port of a second ALB",
    exampleConfigWith({ ports: [{ port: 443 }, { port: 8443, albPort: 443, albDnsName: ADMIN_ALB }] }),
  ],
  [
    "a port of a second ALB, with ENI discovery",
    withFunction(
      { discovery: "eni" },
      {
        albArn: ALB_ARN,
        ports: [{ port: 443 }, { port: 8443, albPort: 443, albDnsName: ADMIN_ALB, albArn: ADMIN_ALB_ARN }],
      },
    ),
  ],
];

describeWithTerraform("the function's environment, from config to readSyncConfig", () => {
  it.each(configs)("gives back the settings of %s", (_name, config) => {
    const { env, targetGroupArnByPort } = deployedEnvironment(config);

    expect(readSyncConfig(env)).toEqual(expectedSettings(config, targetGroupArnByPort));
  });

  it.each(configs)("is what the operator's command runs the function's code with, for %s", (_name, config) => {
    const { env, targetGroupArnByPort } = deployedEnvironment(config);
    const targetGroups = config.ports.map(({ port, albPort = port }) => ({
      arn: targetGroupArnByPort.get(port) ?? "",
      listenerPort: port,
      albPort,
    }));

    const commands = syncSettingsOf(
      syncFunctionInputs(albStaticIpsPropsOf(config), { stateBucket: config.stateBucket, targetGroups }),
    );

    expect(readSyncConfig(syncEnvironment(commands))).toEqual(readSyncConfig(env));
  });
});
