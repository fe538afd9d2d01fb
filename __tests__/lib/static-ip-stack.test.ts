import { Eip } from "@cdktf/provider-aws/lib/eip";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { parseConfig } from "../../lib/config";
import {
  EXAMPLE_IPV6_ADDRESSES,
  EXAMPLE_PRIVATE_IPV4_ADDRESSES,
  exampleDualStackConfigWith,
  exampleInternalConfigWith,
  exampleZonesWith,
  inAlbMode,
} from "../synthesis/address-configs";
import {
  EXAMPLE_ALB_ARN,
  exampleAlbModeConfigWith,
  exampleConfigJson,
  exampleConfigWith,
  type SynthesizedStack,
  synthStack,
  zones,
} from "../synthesis/stack";

describe("the stack for the blog's setup", () => {
  let synthesized: SynthesizedStack;
  beforeAll(() => {
    synthesized = synthStack(exampleConfigWith({}));
  });
  const resources = (type: string) => synthesized.tf.resource[type] ?? {};

  it("keeps the front at addresses of its zones and ports alone, and the rest at the blog's addresses", () => {
    expect(Object.keys(resources("aws_eip")).sort()).toEqual(["us_east_1a", "us_east_1b", "us_east_1d"]);
    expect(Object.keys(resources("aws_lb"))).toEqual(["public"]);
    expect(Object.keys(resources("aws_lb_target_group")).sort()).toEqual(["public_443", "public_80"]);
    expect(Object.keys(resources("aws_lb_listener")).sort()).toEqual(["public_443", "public_80"]);
    expect(Object.keys(resources("aws_s3_bucket"))).toEqual(["static_lb"]);
    expect(Object.keys(resources("aws_iam_role"))).toEqual(["static_lb_lambda"]);
    expect(Object.keys(resources("aws_iam_role_policy"))).toEqual(["static_lb_lambda"]);
    expect(Object.keys(resources("aws_cloudwatch_event_rule"))).toEqual(["cron_minute"]);
  });

  it("allocates a VPC Elastic IP per zone, named for it and protected from destroy", () => {
    expect(synthesized.json).toHaveResourceWithProperties(Eip, {
      domain: "vpc",
      tags: { Name: "app_us_east_1b" },
      lifecycle: { prevent_destroy: true },
    });
  });

  it("puts an internet-facing NLB on each zone's subnet with that zone's Elastic IP, protected from destroy", () => {
    expect(synthesized.json).toHaveResourceWithProperties(Lb, {
      name: "app-public",
      load_balancer_type: "network",
      internal: false,
      subnet_mapping: [
        { subnet_id: "${var.public_subnet_us_east_1a}", allocation_id: "${aws_eip.us_east_1a.id}" },
        { subnet_id: "${var.public_subnet_us_east_1b}", allocation_id: "${aws_eip.us_east_1b.id}" },
        { subnet_id: "${var.public_subnet_us_east_1d}", allocation_id: "${aws_eip.us_east_1d.id}" },
      ],
      lifecycle: { prevent_destroy: true, replace_triggered_by: ["terraform_data.nlb_security_groups"] },
    });
  });

  it("creates a TCP target group of IP targets per port, without proxy protocol", () => {
    expect(resources("aws_lb_target_group").public_443).toMatchObject({
      name: "app-public-443",
      port: 443,
      protocol: "TCP",
      target_type: "ip",
      vpc_id: "${var.vpc_id}",
      proxy_protocol_v2: false,
    });
  });

  it("forwards each NLB port over TCP to its target group", () => {
    expect(resources("aws_lb_listener").public_80).toMatchObject({
      load_balancer_arn: "${aws_lb.public.arn}",
      port: 80,
      protocol: "TCP",
      default_action: [{ type: "forward", target_group_arn: "${aws_lb_target_group.public_80.arn}" }],
    });
  });

  it("exposes the environment-specific inputs as the blog's variables, defaulting to the config", () => {
    expect(synthesized.tf.variable).toEqual({
      vpc_id: expect.objectContaining({ default: "vpc-0123456789abcdef0" }),
      alb_dns_name: expect.objectContaining({ default: "internal-app-1234567890.us-east-1.elb.amazonaws.com" }),
      public_subnet_us_east_1a: expect.objectContaining({ default: "subnet-0aaaaaaaaaaaaaaa1" }),
      public_subnet_us_east_1b: expect.objectContaining({ default: "subnet-0bbbbbbbbbbbbbbb2" }),
      public_subnet_us_east_1d: expect.objectContaining({ default: "subnet-0ddddddddddddddd3" }),
    });
  });

  it("keeps the state bucket versioned, private, owner-enforced, encrypted and TLS-only", () => {
    const bucket = "${aws_s3_bucket.static_lb.id}";
    expect(resources("aws_s3_bucket").static_lb).toMatchObject({ bucket: "static-lb" });
    expect(resources("aws_s3_bucket_versioning").static_lb).toMatchObject({
      bucket,
      versioning_configuration: { status: "Enabled" },
    });
    expect(resources("aws_s3_bucket_public_access_block").static_lb).toMatchObject({
      bucket,
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(resources("aws_s3_bucket_ownership_controls").static_lb).toMatchObject({
      rule: { object_ownership: "BucketOwnerEnforced" },
    });
    expect(resources("aws_s3_bucket_server_side_encryption_configuration").static_lb).toMatchObject({
      rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }],
    });
    const policy = String(resources("aws_s3_bucket_policy").static_lb.policy);
    expect(policy).toContain('"Effect" = "Deny"');
    expect(policy).toContain('"aws:SecureTransport" = "false"');
  });

  it("expires replaced state versions after 30 days, keeping the newest 10, and aborts stale uploads", () => {
    expect(resources("aws_s3_bucket_lifecycle_configuration").static_lb).toEqual({
      bucket: "${aws_s3_bucket.static_lb.id}",
      rule: [
        {
          id: "expire-replaced-state-versions",
          status: "Enabled",
          filter: [{}],
          noncurrent_version_expiration: [{ noncurrent_days: 30, newer_noncurrent_versions: 10 }],
          abort_incomplete_multipart_upload: [{ days_after_initiation: 1 }],
        },
      ],
      depends_on: ["aws_s3_bucket_versioning.static_lb"],
    });
  });

  it("runs one nodejs22.x function from the bundle, alone, logging JSON to its own log group", () => {
    expect(resources("aws_lambda_function").static_lb_sync).toMatchObject({
      function_name: "app-static-ip-sync",
      runtime: "nodejs22.x",
      handler: "index.handler",
      filename: expect.stringMatching(/^assets\/.+\/archive\.zip$/),
      source_code_hash: expect.stringMatching(/^[0-9A-F]{32}$/),
      memory_size: 128,
      timeout: 60,
      reserved_concurrent_executions: 1,
      logging_config: {
        log_format: "JSON",
        log_group: "${aws_cloudwatch_log_group.static_lb_sync.name}",
        application_log_level: "INFO",
      },
    });
    expect(resources("aws_cloudwatch_log_group").static_lb_sync).toMatchObject({
      name: "/aws/lambda/app-static-ip-sync",
      retention_in_days: 30,
    });
  });

  it("gives the function the ALB, the bucket, every target group with its port, and the blog's tuning", () => {
    const environment = resources("aws_lambda_function").static_lb_sync.environment as {
      variables: Record<string, string>;
    };
    expect(environment.variables).toEqual({
      ALB_DNS_NAME: "${var.alb_dns_name}",
      S3_BUCKET: "${aws_s3_bucket.static_lb.id}",
      TARGET_GROUPS:
        '${jsonencode([{"arn" = aws_lb_target_group.public_80.arn, "port" = 80}, {"arn" = aws_lb_target_group.public_443.arn, "port" = 443}])}',
      MAX_LOOKUP_PER_INVOCATION: "600",
      INVOCATIONS_BEFORE_DEREGISTRATION: "10",
      SCHEDULE_PERIOD_SECONDS: "60",
      CW_METRIC_FLAG_IP_COUNT: "true",
      SAME_VPC: "true",
      NLB_ZONES: "us-east-1a,us-east-1b,us-east-1d",
      CROSS_ZONE: "true",
      NODE_OPTIONS: "--enable-source-maps",
    });
  });

  it("leaves retries to the next tick: Lambda retries no run and drops an event a period old", () => {
    expect(resources("aws_lambda_function_event_invoke_config").static_lb_sync).toEqual({
      function_name: "${aws_lambda_function.static_lb_sync.function_name}",
      maximum_retry_attempts: 0,
      maximum_event_age_in_seconds: 60,
    });
  });

  it("runs the function every minute, invokable only by that rule", () => {
    expect(resources("aws_cloudwatch_event_rule").cron_minute).toMatchObject({ schedule_expression: "rate(1 minute)" });
    expect(resources("aws_cloudwatch_event_target").static_lb_sync).toMatchObject({
      rule: "${aws_cloudwatch_event_rule.cron_minute.name}",
      arn: "${aws_lambda_function.static_lb_sync.arn}",
    });
    expect(resources("aws_lambda_permission").allow_cloudwatch).toMatchObject({
      action: "lambda:InvokeFunction",
      function_name: "${aws_lambda_function.static_lb_sync.function_name}",
      principal: "events.amazonaws.com",
      source_arn: "${aws_cloudwatch_event_rule.cron_minute.arn}",
    });
  });

  it("outputs the static IPs, the NLB's DNS name, the target groups and the function's name", () => {
    expect(synthesized.tf.output).toEqual({
      static_ips: expect.objectContaining({
        value: [
          "${aws_eip.us_east_1a.public_ip}",
          "${aws_eip.us_east_1b.public_ip}",
          "${aws_eip.us_east_1d.public_ip}",
        ],
      }),
      nlb_dns_name: expect.objectContaining({ value: "${aws_lb.public.dns_name}" }),
      target_group_arns: expect.objectContaining({
        value: { "80": "${aws_lb_target_group.public_80.arn}", "443": "${aws_lb_target_group.public_443.arn}" },
      }),
      sync_function_name: expect.objectContaining({ value: "${aws_lambda_function.static_lb_sync.function_name}" }),
    });
  });
});

describe("config switches", () => {
  it("lets the Elastic IPs be destroyed when protectStaticIps is false", () => {
    const { json } = synthStack(exampleConfigWith({ protectStaticIps: false }));
    expect(json).toHaveResourceWithProperties(Eip, { lifecycle: { prevent_destroy: false } });
  });

  it("lets the NLB be destroyed, and so replaced, when protectLoadBalancer is false", () => {
    const { json } = synthStack(exampleConfigWith({ protectLoadBalancer: false }));
    expect(json).toHaveResourceWithProperties(Lb, {
      lifecycle: { prevent_destroy: false, replace_triggered_by: ["terraform_data.nlb_security_groups"] },
    });
  });

  it("moves nothing unless adoptAddressPrefix names a state to adopt", () => {
    expect(synthStack(exampleConfigWith({})).tf.moved).toBeUndefined();
  });

  it("moves the front from the addresses adoptAddressPrefix names, the blog's for app", () => {
    const { tf } = synthStack(
      exampleConfigWith({ adoptAddressPrefix: "app", zones: zones(1), ports: [{ port: 443 }] }),
    );
    expect(tf.moved).toEqual([
      { from: "aws_eip.app_us_east_1a", to: "aws_eip.us_east_1a" },
      { from: "aws_lb.app_public", to: "aws_lb.public" },
      { from: "aws_lb_target_group.app_public_443", to: "aws_lb_target_group.public_443" },
      { from: "aws_lb_listener.app_public_443", to: "aws_lb_listener.public_443" },
    ]);
  });

  it("keeps replaced state versions as long as stateVersionRetentionDays says", () => {
    const { tf } = synthStack(exampleConfigWith({ stateVersionRetentionDays: 7 }));
    expect(tf.resource.aws_s3_bucket_lifecycle_configuration.static_lb).toMatchObject({
      rule: [{ noncurrent_version_expiration: [{ noncurrent_days: 7, newer_noncurrent_versions: 10 }] }],
    });
  });

  it("leaves concurrency unreserved when reserveConcurrency is false", () => {
    const raw = exampleConfigJson();
    const { tf } = synthStack(
      parseConfig({ ...raw, function: { ...(raw.function as object), reserveConcurrency: false } }),
    );
    expect(tf.resource.aws_lambda_function.static_lb_sync).not.toHaveProperty("reserved_concurrent_executions");
  });

  it("forwards an NLB port to a different ALB port when albPort is set", () => {
    const { tf } = synthStack(exampleConfigWith({ ports: [{ port: 443, albPort: 8443 }] }));
    expect(tf.resource.aws_lb_listener.public_443).toMatchObject({ port: 443 });
    expect(tf.resource.aws_lb_target_group.public_443).toMatchObject({ port: 8443 });
    expect(JSON.stringify(tf.resource.aws_lambda_function.static_lb_sync)).toContain('\\"port\\" = 8443');
  });

  it("switches the function to ENI discovery, with the ALB's ARN as a variable and the one extra permission", () => {
    const albArn = "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/app-internal/50dc6c495c0c9188";
    const raw = exampleConfigJson();
    const { tf } = synthStack(
      parseConfig({ ...raw, albArn, function: { ...(raw.function as object), discovery: "eni" } }),
    );

    expect(tf.variable.alb_arn).toMatchObject({ default: albArn });
    expect(
      (tf.resource.aws_lambda_function.static_lb_sync.environment as { variables: Record<string, string> }).variables,
    ).toMatchObject({
      DISCOVERY: "eni",
      ALB_ARN: "${var.alb_arn}",
    });
    expect(String(tf.resource.aws_iam_role_policy.static_lb_lambda.policy)).toContain(
      '"Action" = ["ec2:DescribeNetworkInterfaces"], "Resource" = "*"',
    );
  });

  it("keeps DNS discovery free of the ALB ARN variable and of EC2 permissions", () => {
    const { tf } = synthStack(exampleConfigWith({}));
    expect(tf.variable.alb_arn).toBeUndefined();
    expect(String(tf.resource.aws_iam_role_policy.static_lb_lambda.policy)).not.toContain("ec2:");
  });

  it("tells the function the period of its schedule", () => {
    const raw = exampleConfigJson();
    const { tf } = synthStack(
      parseConfig({ ...raw, function: { ...(raw.function as object), schedule: "cron(0/5 * * * ? *)" } }),
    );
    expect(
      (tf.resource.aws_lambda_function.static_lb_sync.environment as { variables: Record<string, string> }).variables,
    ).toMatchObject({ SCHEDULE_PERIOD_SECONDS: "300" });
  });

  it("names everything after the prefix, at addresses that do not depend on it", () => {
    const { tf } = synthStack(exampleConfigWith({ namePrefix: "shop", zones: zones(1), ports: [{ port: 443 }] }));
    expect(tf.resource.aws_eip.us_east_1a).toMatchObject({ tags: { Name: "shop_us_east_1a" } });
    expect(tf.resource.aws_lb.public).toMatchObject({ name: "shop-public" });
    expect(tf.resource.aws_lb_target_group.public_443).toMatchObject({ name: "shop-public-443" });
    expect(tf.resource.aws_lambda_function.static_lb_sync).toMatchObject({ function_name: "shop-static-ip-sync" });
  });
});

describe("alarms", () => {
  it("are not made unless configured", () => {
    const { tf } = synthStack(exampleConfigWith({}));

    expect(tf.resource.aws_cloudwatch_metric_alarm).toBeUndefined();
    expect(tf.resource.aws_cloudwatch_dashboard).toBeUndefined();
    expect(tf.output.dashboard_url).toBeUndefined();
  });

  it("watch each target group, the function and the ALB's IP count, with the dashboard's URL as an output", () => {
    const { tf } = synthStack(exampleConfigWith({ alarms: { topicArn: "arn:aws:sns:us-east-1:111122223333:ops" } }));

    const alarms = Object.values(tf.resource.aws_cloudwatch_metric_alarm).map((alarm) => alarm.alarm_name);
    expect(alarms.sort()).toEqual([
      "app-static-ip-cut-off",
      "app-static-ip-no-alb-ips",
      "app-static-ip-no-healthy-target-443",
      "app-static-ip-no-healthy-target-80",
      "app-static-ip-sync-failing",
      "app-static-ip-sync-not-running",
    ]);
    expect(tf.output.dashboard_url.value).toBe(
      "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards:name=${aws_cloudwatch_dashboard.static_ip.dashboard_name}",
    );
  });

  it("leave out the IP-count alarm when the function publishes no metric", () => {
    const raw = exampleConfigJson();
    const { tf } = synthStack(
      parseConfig({
        ...raw,
        alarms: { emails: ["ops@example.com"] },
        function: { ...(raw.function as object), publishIpCountMetric: false },
      }),
    );

    expect(Object.values(tf.resource.aws_cloudwatch_metric_alarm).map((alarm) => alarm.alarm_name)).not.toContain(
      "app-static-ip-no-alb-ips",
    );
  });
});

describe("the function's log level", () => {
  it("is Lambda's application log level, from the config", () => {
    const raw = exampleConfigJson();
    const { tf } = synthStack(parseConfig({ ...raw, function: { ...(raw.function as object), logLevel: "DEBUG" } }));

    expect(tf.resource.aws_lambda_function.static_lb_sync.logging_config).toMatchObject({
      log_format: "JSON",
      application_log_level: "DEBUG",
    });
  });
});

describe("cross-zone load balancing", () => {
  it("is on by default, so every static IP reaches every healthy ALB node", () => {
    const { json } = synthStack(exampleConfigWith({}));

    expect(json).toHaveResourceWithProperties(Lb, { enable_cross_zone_load_balancing: true });
  });

  it("can be turned off, leaving each static IP to its own zone's ALB nodes", () => {
    const { json } = synthStack(exampleConfigWith({ crossZone: false }));

    expect(json).toHaveResourceWithProperties(Lb, { enable_cross_zone_load_balancing: false });
  });
});

describe("the ALB itself as the target (targets alb)", () => {
  let synthesized: SynthesizedStack;
  beforeAll(() => {
    synthesized = synthStack(exampleAlbModeConfigWith({ alarms: { emails: ["ops@example.com"] } }));
  });
  const resources = (type: string) => synthesized.tf.resource[type] ?? {};

  it("keeps every Elastic IP and the NLB at their addresses", () => {
    expect(Object.keys(resources("aws_eip")).sort()).toEqual(["us_east_1a", "us_east_1b", "us_east_1d"]);
    expect(Object.keys(resources("aws_lb"))).toEqual(["public"]);
  });

  it("forwards each port to a target group of type alb with the ALB attached by the alb_arn variable", () => {
    expect(resources("aws_lb_listener").public_443).toMatchObject({
      default_action: [{ type: "forward", target_group_arn: "${aws_lb_target_group.alb_443.arn}" }],
    });
    expect(resources("aws_lb_target_group").alb_443).toMatchObject({ target_type: "alb", protocol: "TCP", port: 443 });
    expect(resources("aws_lb_target_group_attachment").alb_443).toMatchObject({ target_id: "${var.alb_arn}" });
    expect(synthesized.tf.variable.alb_arn.default).toBe(EXAMPLE_ALB_ARN);
  });

  it("makes no function, bucket, role, schedule or log group, and no IP target group", () => {
    const types = Object.keys(synthesized.tf.resource);
    for (const absent of [
      "aws_lambda_function",
      "aws_s3_bucket",
      "aws_iam_role",
      "aws_cloudwatch_event_rule",
      "aws_cloudwatch_log_group",
    ]) {
      expect(types).not.toContain(absent);
    }
    expect(Object.keys(resources("aws_lb_target_group")).sort()).toEqual(["alb_443", "alb_80"]);
    expect(synthesized.tf.output.sync_function_name).toBeUndefined();
  });

  it("alarms on each target group's health alone, there being no function to watch", () => {
    const alarms = Object.values(resources("aws_cloudwatch_metric_alarm")).map((alarm) => alarm.alarm_name);
    expect(alarms.sort()).toEqual(["app-static-ip-no-healthy-target-443", "app-static-ip-no-healthy-target-80"]);
  });
});

describe("an allowlist (allowedSources)", () => {
  it("is off unless configured: the NLB has no security group, as the blog's", () => {
    const { tf } = synthStack(exampleConfigWith({}));
    expect(tf.resource.aws_security_group).toBeUndefined();
    expect(tf.resource.aws_lb.public).not.toHaveProperty("security_groups");
  });

  it("gives the NLB a security group admitting the sources for all ports, or a port's own", () => {
    const { tf } = synthStack(
      exampleConfigWith({
        allowedSources: ["203.0.113.0/24"],
        ports: [{ port: 80 }, { port: 443, allowedSources: ["198.51.100.0/24"] }],
      }),
    );

    expect(tf.resource.aws_lb.public.security_groups).toEqual(["${aws_security_group.public.id}"]);
    expect(tf.resource.aws_security_group.public.ingress).toEqual([
      expect.objectContaining({ from_port: 80, cidr_blocks: ["203.0.113.0/24"] }),
      expect.objectContaining({ from_port: 443, cidr_blocks: ["198.51.100.0/24"] }),
    ]);
  });

  it("opens the ALB's security group to the NLB's, on the ALB ports and the health check's", () => {
    const { tf } = synthStack(
      exampleAlbModeConfigWith({
        allowedSources: ["0.0.0.0/0"],
        albSecurityGroupId: "sg-0123456789abcdef0",
        ports: [{ port: 443 }],
        healthCheck: { protocol: "HTTP", port: 80 },
      }),
    );

    expect(Object.keys(tf.resource.aws_vpc_security_group_ingress_rule).sort()).toEqual([
      "alb_from_nlb_443",
      "alb_from_nlb_80",
    ]);
  });
});

describe("a dual-stack NLB (ipAddressType dualstack)", () => {
  it("maps each zone's Elastic IP and IPv6 address, and outputs the IPv6 addresses beside the static IPs", () => {
    const { json, tf } = synthStack(exampleDualStackConfigWith({}));

    expect(json).toHaveResourceWithProperties(Lb, {
      internal: false,
      ip_address_type: "dualstack",
      subnet_mapping: EXAMPLE_IPV6_ADDRESSES.map((ipv6Address, index) =>
        expect.objectContaining({
          allocation_id: `\${aws_eip.${["us_east_1a", "us_east_1b", "us_east_1d"][index]}.id}`,
          ipv6_address: ipv6Address,
        }),
      ),
    });
    expect(tf.output.static_ipv6s).toEqual(expect.objectContaining({ value: EXAMPLE_IPV6_ADDRESSES }));
    expect(Object.keys(tf.resource.aws_eip).sort()).toEqual(["us_east_1a", "us_east_1b", "us_east_1d"]);
  });

  it("keeps the IPv4 target groups and the function as they are: the NLB translates IPv6 clients", () => {
    const ipv4 = synthStack(exampleConfigWith({})).tf.resource;
    const dualStack = synthStack(exampleDualStackConfigWith({})).tf.resource;

    expect(dualStack.aws_lb_target_group).toEqual(ipv4.aws_lb_target_group);
    expect(dualStack.aws_lambda_function).toEqual(ipv4.aws_lambda_function);
  });

  it("admits IPv6 sources on the NLB's security group", () => {
    const { tf } = synthStack(exampleDualStackConfigWith({ allowedSources: ["203.0.113.0/24", "2001:db8::/32"] }));

    expect(tf.resource.aws_security_group.public.ingress).toEqual([
      expect.objectContaining({ from_port: 80, cidr_blocks: ["203.0.113.0/24"], ipv6_cidr_blocks: ["2001:db8::/32"] }),
      expect.objectContaining({ from_port: 443, cidr_blocks: ["203.0.113.0/24"], ipv6_cidr_blocks: ["2001:db8::/32"] }),
    ]);
  });

  it("has no static_ipv6s output on an IPv4-only NLB", () => {
    expect(synthStack(exampleConfigWith({})).tf.output).not.toHaveProperty("static_ipv6s");
  });
});

describe("an internal NLB (scheme internal)", () => {
  it("maps each zone's private IPv4 address, allocates no Elastic IP, and outputs those addresses as the static IPs", () => {
    const { json, tf } = synthStack(exampleInternalConfigWith({}));

    expect(json).toHaveResourceWithProperties(Lb, {
      internal: true,
      subnet_mapping: EXAMPLE_PRIVATE_IPV4_ADDRESSES.map((address) =>
        expect.objectContaining({ private_ipv4_address: address }),
      ),
    });
    expect(tf.resource.aws_eip).toBeUndefined();
    expect(tf.output.static_ips).toEqual(expect.objectContaining({ value: EXAMPLE_PRIVATE_IPV4_ADDRESSES }));
    expect(tf.variable.public_subnet_us_east_1a).toMatchObject({ description: "Subnet of the NLB in us-east-1a" });
  });

  it("works dual-stack and with the ALB itself as the target", () => {
    const config = exampleInternalConfigWith(
      inAlbMode({
        ipAddressType: "dualstack",
        zones: exampleZonesWith((index) => ({
          privateIpv4Address: EXAMPLE_PRIVATE_IPV4_ADDRESSES[index],
          ipv6Address: EXAMPLE_IPV6_ADDRESSES[index],
        })),
      }),
    );
    const { json, tf } = synthStack(config);

    expect(json).toHaveResourceWithProperties(Lb, { internal: true, ip_address_type: "dualstack" });
    expect(Object.keys(tf.resource.aws_lb_target_group).sort()).toEqual(["alb_443", "alb_80"]);
    expect(tf.output.static_ipv6s).toEqual(expect.objectContaining({ value: EXAMPLE_IPV6_ADDRESSES }));
  });
});
