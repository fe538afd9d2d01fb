/**
 * A deployment made from the blog's Terraform, described by the project itself: the blog's resource addresses and the
 * attribute values it gave them (facts of such a deployment), as a `.tf.json` configuration that provider 5 plans.
 * Planned and "applied" offline (applied-state.ts), it is the state the adoption plans start from.
 *
 * What a state does not record is left out: the blog's provider block (the root has one) and the region it set on the
 * bucket (provider 5 computes it). The python functions' zip is not here, so its hash is written out.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The blog's setup: its zones (each one a subnet variable) and its ports, each with a function of its own. */
const ZONES = ["us-east-1a", "us-east-1b", "us-east-1d"] as const;
const PORTS = [80, 443] as const;

/** The Elastic IPs, the NLB and the bucket go by these names in the blog. */
const PREFIX = "app";
const BUCKET = "static-lb";
const ROLE = "static-lb-lambda";

/** Stands for `filebase64sha256("lambda_function.zip")`: any base64 SHA-256 will do for a plan. */
const PYTHON_ZIP_SHA256 = "Yq3H2pE1T6rQ0v9y0mYy3l0b6m2QmQ1bJ7mYV1f2yQ0=";

const snake = (zone: string): string => zone.replace(/-/g, "_");
const subnetVariable = (zone: string): string => `public_subnet_${snake(zone)}`;

/** An IAM policy document as the blog's heredocs hold it: a version and its statements. */
const policy = (statements: readonly object[]): string =>
  JSON.stringify({ Version: "2012-10-17", Statement: statements });

/** The blog's resources and variables, as Terraform's JSON syntax holds them. */
export function blogDeployment(): object {
  const eips = Object.fromEntries(
    ZONES.map((zone) => [`${PREFIX}_${snake(zone)}`, { tags: { Name: `${PREFIX}_${snake(zone)}` } }]),
  );
  const targetGroups = Object.fromEntries(
    PORTS.map((port) => [
      `${PREFIX}_public_${port}`,
      {
        name: `${PREFIX}-public-${port}`,
        port,
        protocol: "TCP",
        target_type: "ip",
        vpc_id: "${var.vpc_id}",
        proxy_protocol_v2: false,
      },
    ]),
  );
  const listeners = Object.fromEntries(
    PORTS.map((port) => [
      `${PREFIX}_public_${port}`,
      {
        load_balancer_arn: `\${aws_lb.${PREFIX}_public.arn}`,
        port: String(port),
        protocol: "TCP",
        default_action: [{ type: "forward", target_group_arn: `\${aws_lb_target_group.${PREFIX}_public_${port}.arn}` }],
      },
    ]),
  );
  const functions = Object.fromEntries(
    PORTS.map((port) => [
      `static_lb_updater_${port}`,
      {
        filename: "lambda_function.zip",
        function_name: `static_lb_updater_${port}`,
        role: "${aws_iam_role.static_lb_lambda.arn}",
        handler: "populate_NLB_TG_with_ALB.lambda_handler",
        source_code_hash: PYTHON_ZIP_SHA256,
        runtime: "python2.7",
        memory_size: 128,
        timeout: 300,
        environment: [
          {
            variables: {
              ALB_DNS_NAME: "${var.alb_dns_name}",
              ALB_LISTENER: String(port),
              S3_BUCKET: "${aws_s3_bucket.static_lb.id}",
              NLB_TG_ARN: `\${aws_lb_target_group.${PREFIX}_public_${port}.arn}`,
              MAX_LOOKUP_PER_INVOCATION: "50",
              INVOCATIONS_BEFORE_DEREGISTRATION: "10",
              CW_METRIC_FLAG_IP_COUNT: "true",
            },
          },
        ],
      },
    ]),
  );
  const eventTargets = Object.fromEntries(
    PORTS.map((port) => [
      `static_lb_updater_${port}`,
      {
        rule: "${aws_cloudwatch_event_rule.cron_minute.name}",
        target_id: `TriggerStaticPort${port}`,
        arn: `\${aws_lambda_function.static_lb_updater_${port}.arn}`,
      },
    ]),
  );
  const permissions = Object.fromEntries(
    PORTS.map((port) => [
      `allow_cloudwatch_${port}`,
      {
        statement_id: "AllowExecutionFromCloudWatch",
        action: "lambda:InvokeFunction",
        function_name: `\${aws_lambda_function.static_lb_updater_${port}.function_name}`,
        principal: "events.amazonaws.com",
        source_arn: "${aws_cloudwatch_event_rule.cron_minute.arn}",
      },
    ]),
  );

  return {
    variable: Object.fromEntries(
      ["vpc_id", ...ZONES.map(subnetVariable), "alb_dns_name"].map((name) => [name, { type: "string" }]),
    ),
    resource: {
      aws_eip: eips,
      aws_lb: {
        [`${PREFIX}_public`]: {
          name: `${PREFIX}-public`,
          load_balancer_type: "network",
          internal: false,
          subnet_mapping: ZONES.map((zone) => ({
            subnet_id: `\${var.${subnetVariable(zone)}}`,
            allocation_id: `\${aws_eip.${PREFIX}_${snake(zone)}.id}`,
          })),
        },
      },
      aws_lb_target_group: targetGroups,
      aws_lb_listener: listeners,
      aws_s3_bucket: {
        static_lb: { bucket: BUCKET, acl: "private", versioning: [{ enabled: true }] },
      },
      aws_iam_role: {
        static_lb_lambda: {
          name: ROLE,
          description: "Managed by Terraform",
          assume_role_policy: policy([
            { Action: "sts:AssumeRole", Principal: { Service: "lambda.amazonaws.com" }, Effect: "Allow", Sid: "" },
          ]),
        },
      },
      aws_iam_role_policy: {
        static_lb_lambda: {
          name: ROLE,
          role: "${aws_iam_role.static_lb_lambda.id}",
          policy: policy([
            {
              Sid: "LambdaLogging",
              Effect: "Allow",
              Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
              Resource: ["arn:aws:logs:*:*:*"],
            },
            {
              Sid: "S3",
              Effect: "Allow",
              Action: ["s3:GetObject", "s3:PutObject"],
              Resource: ["${aws_s3_bucket.static_lb.arn}/*"],
            },
            {
              Sid: "ChangeTargetGroups",
              Effect: "Allow",
              Action: ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"],
              Resource: PORTS.map((port) => `\${aws_lb_target_group.${PREFIX}_public_${port}.arn}`),
            },
            {
              Sid: "DescribeTargetGroups",
              Effect: "Allow",
              Action: ["elasticloadbalancing:DescribeTargetHealth"],
              Resource: "*",
            },
            { Sid: "CloudWatch", Effect: "Allow", Action: ["cloudwatch:putMetricData"], Resource: "*" },
          ]),
        },
      },
      aws_lambda_function: functions,
      aws_cloudwatch_event_rule: {
        cron_minute: { name: "cron-minute", schedule_expression: "rate(1 minute)", is_enabled: true },
      },
      aws_cloudwatch_event_target: eventTargets,
      aws_lambda_permission: permissions,
    },
  };
}

/** A folder holding the blog deployment's configuration, for `sideBySide`; the caller removes it. */
export function blogDeploymentDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "blog-deployment-"));
  writeFileSync(join(dir, "blog-deployment.tf.json"), JSON.stringify(blogDeployment(), null, 2));
  return dir;
}
