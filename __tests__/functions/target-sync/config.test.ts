import { readSyncConfig } from "../../../functions/target-sync/config";

const ARN = "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/app-public-443/0123456789abcdef";
const base = {
  ALB_DNS_NAME: "internal-app-1.us-east-1.elb.amazonaws.com",
  S3_BUCKET: "static-lb",
  TARGET_GROUPS: JSON.stringify([{ arn: ARN, port: 443 }]),
};

describe("readSyncConfig", () => {
  it("fills in the documented defaults", () => {
    expect(readSyncConfig(base)).toEqual({
      albDnsName: "internal-app-1.us-east-1.elb.amazonaws.com",
      discovery: { mode: "dns" },
      stateBucket: "static-lb",
      targetGroups: [{ arn: ARN, port: 443 }],
      maxLookupsPerRun: 600,
      runsBeforeDeregistration: 10,
      schedulePeriodSeconds: 60,
      publishIpCountMetric: true,
      metricNamespace: "AlbStaticIp",
      sameVpc: true,
      nlbZones: [],
      crossZone: false,
      dnsServers: undefined,
      dnsTimeoutMs: 1000,
      apiTimeoutMs: 5000,
      s3ForcePathStyle: false,
    });
  });

  it("accepts the original function's single target group variables", () => {
    const { TARGET_GROUPS: _unused, ...legacy } = base;
    expect(readSyncConfig({ ...legacy, NLB_TG_ARN: ARN, ALB_LISTENER: "80" }).targetGroups).toEqual([
      { arn: ARN, port: 80 },
    ]);
  });

  describe("target groups of ALBs of their own", () => {
    const ADMIN = "internal-admin-2.us-east-1.elb.amazonaws.com";
    const ADMIN_ARN = "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/admin/0a1b2c3d4e5f6789";
    const STACK_ARN = "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/app/0123456789abcdef";
    const groups = (...entries: object[]) => ({ ...base, TARGET_GROUPS: JSON.stringify(entries) });
    const tg = (n: number) =>
      `arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/tg-${n}/000000000000000${n}`;

    it("reads a group's own ALB, its name in lower case", () => {
      const config = readSyncConfig(
        groups({ arn: tg(1), port: 443 }, { arn: tg(2), port: 80, albDnsName: ADMIN.toUpperCase() }),
      );

      expect(config.targetGroups).toEqual([
        { arn: tg(1), port: 443 },
        { arn: tg(2), port: 80, albDnsName: ADMIN },
      ]);
    });

    it("reads each ALB's ARN with ENI discovery", () => {
      const config = readSyncConfig({
        ...groups({ arn: tg(1), port: 443 }, { arn: tg(2), port: 80, albDnsName: ADMIN, albArn: ADMIN_ARN }),
        DISCOVERY: "eni",
        ALB_ARN: STACK_ARN,
      });

      expect(config.targetGroups[1]).toEqual({ arn: tg(2), port: 80, albDnsName: ADMIN, albArn: ADMIN_ARN });
    });

    it.each<[string, Record<string, string>, string]>([
      ["a name that is not a DNS name", groups({ arn: tg(1), port: 80, albDnsName: "admin" }), "TARGET_GROUPS[0]"],
      ["an ARN without the ALB's name", groups({ arn: tg(1), port: 80, albArn: ADMIN_ARN }), "TARGET_GROUPS[0]"],
      [
        "an ALB of its own without its ARN, with ENI discovery",
        {
          ...groups({ arn: tg(1), port: 443 }, { arn: tg(2), port: 80, albDnsName: ADMIN }),
          DISCOVERY: "eni",
          ALB_ARN: STACK_ARN,
        },
        'TARGET_GROUPS[1]: expected the ALB\'s "albArn"',
      ],
      [
        "one ALB given two ARNs",
        {
          ...groups(
            { arn: tg(1), port: 443, albDnsName: ADMIN, albArn: ADMIN_ARN },
            { arn: tg(2), port: 80, albDnsName: ADMIN, albArn: STACK_ARN },
          ),
          DISCOVERY: "eni",
          ALB_ARN: STACK_ARN,
        },
        "TARGET_GROUPS: expected one ARN for each ALB",
      ],
    ])("fails naming the group for %s", (_name, env, message) => {
      expect(() => readSyncConfig(env)).toThrow(message);
    });
  });

  it("reads ENI discovery with the ALB's ARN", () => {
    const albArn = "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/app-internal/50dc6c495c0c9188";
    expect(readSyncConfig({ ...base, DISCOVERY: "eni", ALB_ARN: albArn }).discovery).toEqual({ mode: "eni", albArn });
  });

  it("accepts the original's True/False spelling of flags", () => {
    expect(readSyncConfig({ ...base, CW_METRIC_FLAG_IP_COUNT: "False" }).publishIpCountMetric).toBe(false);
  });

  it("reads DNS_SERVERS as host:port pairs, port 53 by default", () => {
    expect(readSyncConfig({ ...base, DNS_SERVERS: "127.0.0.1:5353, 10.0.0.2" }).dnsServers).toEqual([
      { host: "127.0.0.1", port: 5353 },
      { host: "10.0.0.2", port: 53 },
    ]);
  });

  it.each([
    [
      "ALB_DNS_NAME",
      { ALB_DNS_NAME: undefined },
      /^ALB_DNS_NAME: expected the ALB's DNS name, got nothing \(it is not set\)$/,
    ],
    ["ALB_DNS_NAME", { ALB_DNS_NAME: "not a name" }, /^ALB_DNS_NAME: expected a DNS name like/],
    ["S3_BUCKET", { S3_BUCKET: "" }, /^S3_BUCKET: expected the name of the state bucket/],
    ["NLB_ZONES", { NLB_ZONES: "us-east-1a,east" }, /^NLB_ZONES: expected a comma-separated list of zones/],
    [
      "TARGET_GROUPS",
      { TARGET_GROUPS: undefined },
      /^TARGET_GROUPS: expected a JSON list .*\(or NLB_TG_ARN with ALB_LISTENER\)/,
    ],
    ["TARGET_GROUPS", { TARGET_GROUPS: "[" }, /^TARGET_GROUPS: expected a JSON list/],
    ["TARGET_GROUPS", { TARGET_GROUPS: "[]" }, /^TARGET_GROUPS: expected a JSON list/],
    [
      "TARGET_GROUPS[0]",
      { TARGET_GROUPS: JSON.stringify([{ arn: ARN, port: 0 }]) },
      /^TARGET_GROUPS\[0\]: expected a target group ARN and the ALB port/,
    ],
    [
      "TARGET_GROUPS",
      {
        TARGET_GROUPS: JSON.stringify([
          { arn: ARN, port: 80 },
          { arn: ARN, port: 443 },
        ]),
      },
      /^TARGET_GROUPS: expected each target group once/,
    ],
    ["NLB_TG_ARN", { NLB_TG_ARN: ARN }, /^NLB_TG_ARN: expected to be unset when TARGET_GROUPS is set/],
    [
      "MAX_LOOKUP_PER_INVOCATION",
      { MAX_LOOKUP_PER_INVOCATION: "many" },
      /^MAX_LOOKUP_PER_INVOCATION: expected a whole number from 1 to 5000, got "many"$/,
    ],
    [
      "INVOCATIONS_BEFORE_DEREGISTRATION",
      { INVOCATIONS_BEFORE_DEREGISTRATION: "0" },
      /^INVOCATIONS_BEFORE_DEREGISTRATION: expected a whole number from 1/,
    ],
    [
      "SCHEDULE_PERIOD_SECONDS",
      { SCHEDULE_PERIOD_SECONDS: "30" },
      /^SCHEDULE_PERIOD_SECONDS: expected a whole number from 60 to 31622400, got "30"$/,
    ],
    [
      "CW_METRIC_FLAG_IP_COUNT",
      { CW_METRIC_FLAG_IP_COUNT: "yes" },
      /^CW_METRIC_FLAG_IP_COUNT: expected "true" or "false"/,
    ],
    [
      "METRIC_NAMESPACE",
      { METRIC_NAMESPACE: "AWS/ApplicationELB" },
      /^METRIC_NAMESPACE: expected a namespace of your own, not starting with "AWS\/"/,
    ],
    ["DISCOVERY", { DISCOVERY: "route53" }, /^DISCOVERY: expected "dns" or "eni", got "route53"$/],
    [
      "ALB_ARN",
      { DISCOVERY: "eni", ALB_ARN: "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/net/nlb/1" },
      /^ALB_ARN: expected the ALB's ARN/,
    ],
    ["DNS_SERVERS", { DNS_SERVERS: "ns1.example.com:53" }, /^DNS_SERVERS: expected a comma-separated list of IP:port/],
    [
      "API_TIMEOUT_MS",
      { API_TIMEOUT_MS: "50" },
      /^API_TIMEOUT_MS: expected a whole number from 100 to 60000, got "50"$/,
    ],
  ])("fails naming %s when it is bad", (_variable, change, message) => {
    expect(() => readSyncConfig({ ...base, ...change })).toThrow(message);
  });

  it("fails naming ALB_LISTENER when the legacy port is missing", () => {
    const { TARGET_GROUPS: _unused, ...legacy } = base;
    expect(() => readSyncConfig({ ...legacy, NLB_TG_ARN: ARN })).toThrow(
      /^ALB_LISTENER: expected the ALB listener port/,
    );
  });
});
