import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvalidConfigError, loadConfig, parseConfig } from "../../lib/config";
import { EXAMPLE_ALB_ARN, exampleConfigJson, PROJECT_ROOT } from "../synthesis/stack";

/** The problems reported for the example config changed by `change`. */
function problemsWith(change: (config: Record<string, unknown>) => void): readonly string[] {
  const raw = exampleConfigJson();
  change(raw);
  try {
    parseConfig(raw);
  } catch (error) {
    if (error instanceof InvalidConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected the config to be rejected");
}

const zonesOf = (config: Record<string, unknown>) => config.zones as Record<string, unknown>[];
const functionOf = (config: Record<string, unknown>) => config.function as Record<string, unknown>;

describe("the example config", () => {
  it("is the blog's setup: us-east-1, zones a/b/d, ports 80 and 443", () => {
    const config = loadConfig(join(PROJECT_ROOT, "static-ip.config.json"));

    expect(config.region).toBe("us-east-1");
    expect(config.zones.map((zone) => zone.availabilityZone)).toEqual(["us-east-1a", "us-east-1b", "us-east-1d"]);
    expect(config.ports).toEqual([{ port: 80 }, { port: 443 }]);
  });

  it("fills in every default when optional fields are left out", () => {
    const raw = exampleConfigJson();
    delete raw.function;
    delete raw.backend;
    delete raw.protectStaticIps;
    delete raw.stateVersionRetentionDays;

    const config = parseConfig(raw);

    expect(config.protectStaticIps).toBe(true);
    expect(config.protectLoadBalancer).toBe(true);
    expect(config.adoptAddressPrefix).toBeUndefined();
    expect(config.stateVersionRetentionDays).toBe(30);
    expect(config.backend).toEqual({ type: "local" });
    expect(config.function).toEqual({
      memorySize: 128,
      timeoutSeconds: 60,
      schedule: "rate(1 minute)",
      maxLookupsPerRun: 600,
      runsBeforeDeregistration: 10,
      publishIpCountMetric: true,
      logRetentionDays: 30,
      sameVpc: true,
      reserveConcurrency: true,
      discovery: "dns",
      logLevel: "INFO",
    });
  });
});

describe("a bad config fails with the field's path and what is expected", () => {
  it("names a zone that has no subnet, saying it is required", () => {
    const problems = problemsWith((config) => delete zonesOf(config)[1].publicSubnetId);
    expect(problems).toEqual([
      expect.stringMatching(/^config\.zones\[1\]\.publicSubnetId: is required: expected the id of a public subnet/),
    ]);
  });

  it("says a missing required field is required, and what it expects", () => {
    const problems = problemsWith((config) => delete config.region);
    expect(problems).toEqual(['config.region: is required: expected an AWS region like "us-east-1"']);
  });

  it("does not call a field that is present but null missing", () => {
    const problems = problemsWith((config) => (config.region = null));
    expect(problems).toEqual(['config.region: expected an AWS region like "us-east-1"']);
  });

  it("rejects a malformed subnet id", () => {
    const problems = problemsWith((config) => (zonesOf(config)[0].publicSubnetId = "subnet-xyz"));
    expect(problems).toEqual([
      expect.stringMatching(/^config\.zones\[0\]\.publicSubnetId: .*"subnet-0123456789abcdef0"/),
    ]);
  });

  it("rejects a zone outside the region", () => {
    const problems = problemsWith((config) => (zonesOf(config)[2].availabilityZone = "eu-west-1a"));
    expect(problems).toEqual([
      'config.zones[2].availabilityZone: expected a zone of region us-east-1, got "eu-west-1a"',
    ]);
  });

  it("rejects the same zone listed twice", () => {
    const problems = problemsWith((config) => (zonesOf(config)[1].availabilityZone = "us-east-1a"));
    expect(problems).toEqual([
      expect.stringMatching(/^config\.zones\[1\]\.availabilityZone: duplicate availability zone us-east-1a/),
    ]);
  });

  it("rejects an empty zone list", () => {
    const problems = problemsWith((config) => (config.zones = []));
    expect(problems).toEqual(["config.zones: expected at least one availability zone with its public subnet"]);
  });

  it("rejects a duplicate port", () => {
    const problems = problemsWith((config) => (config.ports = [{ port: 443 }, { port: 443 }]));
    expect(problems).toEqual([
      expect.stringMatching(/^config\.ports\[1\]\.port: duplicate port 443 \(already at ports\[0\]\)/),
    ]);
  });

  it.each([0, 65536, 80.5])("rejects port %p as out of range", (port) => {
    const problems = problemsWith((config) => (config.ports = [{ port }]));
    expect(problems).toEqual([
      expect.stringMatching(/^config\.ports\[0\]\.port: expected the NLB listener port .*1 to 65535/),
    ]);
  });

  it("rejects an ALB port out of range", () => {
    const problems = problemsWith((config) => (config.ports = [{ port: 443, albPort: 70000 }]));
    expect(problems).toEqual([expect.stringMatching(/^config\.ports\[0\]\.albPort: expected the ALB listener port/)]);
  });

  it.each([
    ["ab", /3 to 63/],
    ["Static-LB", /other characters/],
    ["-static-lb", /beginning and ending with a letter or digit/],
    ["static..lb", /two dots/],
    ["192.168.5.4", /IP address/],
    ["xn--static-lb", /reserved "xn--"/],
    ["static-lb-s3alias", /reserved "-s3alias"/],
  ])("rejects bucket name %p by S3's rules", (name, reason) => {
    const problems = problemsWith((config) => (config.stateBucket = name));
    expect(problems).toEqual([expect.stringMatching(/^config\.stateBucket: expected an S3 bucket name/)]);
    expect(problems[0]).toMatch(reason);
  });

  it.each([
    "rate(1 minutes)",
    "rate(5 minute)",
    "rate(0 minutes)",
    "every minute",
    "cron(0 12 * * * *)",
    "cron(0 12 * *)",
  ])("rejects schedule %p", (schedule) => {
    const problems = problemsWith((config) => (functionOf(config).schedule = schedule));
    expect(problems).toEqual([expect.stringMatching(/^config\.function\.schedule: expected "rate\(/)]);
  });

  it.each(["rate(1 minute)", "rate(5 minutes)", "rate(1 hour)", "cron(0/5 * * * ? *)", "cron(0 12 ? * MON-FRI *)"])(
    "accepts schedule %p",
    (schedule) => {
      const raw = exampleConfigJson();
      functionOf(raw).schedule = schedule;
      expect(parseConfig(raw).function.schedule).toBe(schedule);
    },
  );

  it("rejects a schedule that runs less than once a year, the longest period the function takes", () => {
    const problems = problemsWith((config) => (functionOf(config).schedule = "rate(400 days)"));
    expect(problems).toEqual(["config.function.schedule: expected a schedule that runs at least every 366 days"]);
  });

  it("rejects a state version retention of no days", () => {
    const problems = problemsWith((config) => (config.stateVersionRetentionDays = 0));
    expect(problems).toEqual([
      "config.stateVersionRetentionDays: expected the days a replaced state version is kept: a whole number from 1 to 3650",
    ]);
  });

  it("rejects a log retention CloudWatch does not offer", () => {
    const problems = problemsWith((config) => (functionOf(config).logRetentionDays = 10));
    expect(problems).toEqual([
      expect.stringMatching(/^config\.function\.logRetentionDays: expected one of .*: 1, 3, 5, 7, 14, 30/),
    ]);
  });

  it("rejects a memory size Lambda does not offer", () => {
    const problems = problemsWith((config) => (functionOf(config).memorySize = 64));
    expect(problems).toEqual([
      "config.function.memorySize: expected the function memory in MB: a whole number from 128 to 10240",
    ]);
  });

  it("rejects a name prefix too long for target group names", () => {
    const problems = problemsWith((config) => (config.namePrefix = "a-very-long-name-prefix"));
    expect(problems).toEqual([expect.stringMatching(/^config\.namePrefix: expected at most 19 characters/)]);
  });

  it("rejects an adoptAddressPrefix that cannot begin a Terraform address", () => {
    const problems = problemsWith((config) => (config.adoptAddressPrefix = "1app"));
    expect(problems).toEqual([
      'config.adoptAddressPrefix: expected the address prefix of the state to adopt, like "app" for aws_eip.app_us_east_1a',
    ]);
  });

  it("rejects an unknown field, so a typo does not silently fall back to a default", () => {
    const problems = problemsWith((config) => (functionOf(config).schedul = "rate(5 minutes)"));
    expect(problems).toEqual([expect.stringMatching(/^config\.function: .*schedul/)]);
  });

  it("requires the ALB's ARN for ENI discovery", () => {
    const problems = problemsWith((config) => (functionOf(config).discovery = "eni"));
    expect(problems).toEqual([
      expect.stringMatching(/^config\.albArn: expected the ALB's ARN: function\.discovery "eni" lists/),
    ]);
  });

  it("rejects an ALB ARN of another region", () => {
    const problems = problemsWith(
      (config) =>
        (config.albArn = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/a/0123456789abcdef"),
    );
    expect(problems).toEqual(["config.albArn: expected an ALB in region us-east-1"]);
  });

  it("rejects an unknown discovery mode", () => {
    const problems = problemsWith((config) => (functionOf(config).discovery = "route53"));
    expect(problems).toEqual([expect.stringMatching(/^config\.function\.discovery: expected "dns" .* or "eni"/)]);
  });

  it("rejects an S3 backend without a key", () => {
    const problems = problemsWith(
      (config) => (config.backend = { type: "s3", bucket: "tf-state", region: "us-east-1" }),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^config\.backend\.key: is required: expected the state object key/),
    ]);
  });

  it("lists every problem at once", () => {
    const problems = problemsWith((config) => {
      config.vpcId = "vpc-1";
      config.albDnsName = "not a name";
    });
    expect(problems).toEqual([
      expect.stringMatching(/^config\.vpcId: /),
      expect.stringMatching(/^config\.albDnsName: /),
    ]);
  });

  it("says which file is not JSON", () => {
    const path = join(mkdtempSync(join(tmpdir(), "config-")), "broken.json");
    writeFileSync(path, "{ not json");
    expect(() => loadConfig(path)).toThrow(
      expect.objectContaining({ problems: [expect.stringMatching(`^${path} is not JSON: `)] }),
    );
  });

  it("names the path it looked for when there is no config file", () => {
    const path = join(mkdtempSync(join(tmpdir(), "config-")), "absent.json");
    expect(() => loadConfig(path)).toThrow(expect.objectContaining({ problems: [`no config file at ${path}`] }));
  });
});

describe("alarms", () => {
  it("are off unless configured", () => {
    expect(parseConfig(exampleConfigJson()).alarms).toBeUndefined();
  });

  it("take e-mail addresses and fill in each threshold's default", () => {
    const config = parseConfig({ ...exampleConfigJson(), alarms: { emails: ["ops@example.com"] } });

    expect(config.alarms).toEqual({
      emails: ["ops@example.com"],
      failedRuns: 3,
      missedRuns: 3,
      unhealthyMinutes: 2,
      noIpPeriods: 3,
      cutOffPeriods: 3,
    });
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ["neither a topic nor e-mails", {}, /^config\.alarms: expected either "topicArn" .* or "emails"/],
    [
      "both a topic and e-mails",
      { topicArn: "arn:aws:sns:us-east-1:111122223333:ops", emails: ["ops@example.com"] },
      /^config\.alarms: expected either "topicArn"/,
    ],
    ["a topic that is not an SNS ARN", { topicArn: "ops" }, /^config\.alarms\.topicArn: expected an SNS topic ARN/],
    ["an address that is not one", { emails: ["ops"] }, /^config\.alarms\.emails\[0\]: expected an e-mail address/],
    [
      "a threshold of 0",
      { emails: ["ops@example.com"], failedRuns: 0 },
      /^config\.alarms\.failedRuns: expected failed runs in a row before the alarm: a whole number from 1 to 1440/,
    ],
  ])("refuse %s", (_name, alarms, message) => {
    expect(problemsWith((config) => (config.alarms = alarms))).toEqual([expect.stringMatching(message)]);
  });
});

/** The example config in alb mode: its ALB's ARN, and no function settings. */
function albMode(config: Record<string, unknown>): void {
  config.targets = "alb";
  config.albArn = EXAMPLE_ALB_ARN;
  delete config.function;
}

describe("targets", () => {
  it('are kept by the sync function unless configured, as the blog\'s ("sync")', () => {
    expect(parseConfig(exampleConfigJson()).targets).toBe("sync");
  });

  it('take the ALB itself ("alb"), still filling in the function\'s defaults for a later switch back', () => {
    const raw = exampleConfigJson();
    albMode(raw);

    const config = parseConfig(raw);

    expect(config.targets).toBe("alb");
    expect(config.function.memorySize).toBe(128);
  });

  it("allow an NLB port other than the ALB's in alb mode: only the target group's port must be an ALB listener's", () => {
    const raw = exampleConfigJson();
    albMode(raw);
    raw.ports = [{ port: 8443, albPort: 443 }];

    expect(parseConfig(raw).ports).toEqual([{ port: 8443, albPort: 443 }]);
  });

  it("rejects an unknown mode", () => {
    const problems = problemsWith((config) => (config.targets = "ip"));
    expect(problems).toEqual([expect.stringMatching(/^config\.targets: expected "sync" .* or "alb"/)]);
  });

  it("require the ALB's ARN in alb mode, which registers the ALB by it", () => {
    const problems = problemsWith((config) => {
      albMode(config);
      delete config.albArn;
    });
    expect(problems).toEqual([
      'config.albArn: expected the ALB\'s ARN: targets "alb" registers the ALB itself, by its ARN',
    ]);
  });

  it("refuse function settings in alb mode, which runs no function", () => {
    const problems = problemsWith((config) => {
      const settings = config.function;
      albMode(config);
      config.function = settings;
    });
    expect(problems).toEqual([
      'config.function: expected no function settings: targets "alb" runs no function (AWS keeps the ALB registered)',
    ]);
  });

  it("refuse a health check in sync mode, whose IP targets are checked over TCP", () => {
    const problems = problemsWith((config) => (config.healthCheck = { path: "/health" }));
    expect(problems).toEqual([
      expect.stringMatching(/^config\.healthCheck: expected no healthCheck: it configures targets "alb"/),
    ]);
  });
});

describe("healthCheck (alb mode)", () => {
  const withHealthCheck = (healthCheck: unknown) => {
    const raw = exampleConfigJson();
    albMode(raw);
    raw.healthCheck = healthCheck;
    return raw;
  };

  it("fills in path / and matcher 200-399, leaving protocol and port to each target group", () => {
    expect(parseConfig(withHealthCheck({})).healthCheck).toEqual({ path: "/", matcher: "200-399" });
  });

  it("rejects a protocol AWS does not check an ALB target with", () => {
    const problems = problemsWith((config) => {
      albMode(config);
      config.healthCheck = { protocol: "TCP" };
    });
    expect(problems).toEqual([expect.stringMatching(/^config\.healthCheck\.protocol: expected "HTTP" or "HTTPS"/)]);
  });

  it("rejects HTTP codes an NLB's health check does not accept", () => {
    const problems = problemsWith((config) => {
      albMode(config);
      config.healthCheck = { matcher: "100-199" };
    });
    expect(problems).toEqual([
      expect.stringMatching(/^config\.healthCheck\.matcher: expected HTTP codes from 200 to 599/),
    ]);
  });

  it("rejects a path that does not begin with /", () => {
    const problems = problemsWith((config) => {
      albMode(config);
      config.healthCheck = { path: "health" };
    });
    expect(problems).toEqual(['config.healthCheck.path: expected a path like "/health"']);
  });
});

describe("allowedSources and albSecurityGroupId", () => {
  it("are off unless configured: the NLB stays open, as the blog's", () => {
    const config = parseConfig(exampleConfigJson());
    expect(config.allowedSources).toBeUndefined();
    expect(config.albSecurityGroupId).toBeUndefined();
  });

  it("take IPv4 CIDRs for all ports and for one port", () => {
    const raw = exampleConfigJson();
    raw.allowedSources = ["203.0.113.0/24"];
    raw.ports = [{ port: 80 }, { port: 443, allowedSources: ["0.0.0.0/0"] }];

    const config = parseConfig(raw);

    expect(config.allowedSources).toEqual(["203.0.113.0/24"]);
    expect(config.ports[1].allowedSources).toEqual(["0.0.0.0/0"]);
  });

  it.each(["203.0.113.0", "203.0.113.0/33", "300.0.113.0/24", "2001:db8::/129", "2001:db8::/032"])(
    "rejects %p as a source",
    (cidr) => {
      const problems = problemsWith((config) => (config.allowedSources = [cidr]));
      expect(problems).toEqual([
        expect.stringMatching(/^config\.allowedSources\[0\]: expected an IPv4 or IPv6 CIDR like "203\.0\.113\.0\/24"/),
      ]);
    },
  );

  it("rejects an empty list, which would admit no one", () => {
    const problems = problemsWith((config) => (config.allowedSources = []));
    expect(problems).toEqual([expect.stringMatching(/^config\.allowedSources: expected at least one CIDR/)]);
  });

  it("refuse the ALB's security group without an allowlist, which gives the NLB the group the rule admits", () => {
    const problems = problemsWith((config) => (config.albSecurityGroupId = "sg-0123456789abcdef0"));
    expect(problems).toEqual([expect.stringMatching(/^config\.albSecurityGroupId: expected "allowedSources" too/)]);
  });

  it("rejects a malformed security group id", () => {
    const problems = problemsWith((config) => {
      config.allowedSources = ["0.0.0.0/0"];
      config.albSecurityGroupId = "sg-xyz";
    });
    expect(problems).toEqual(['config.albSecurityGroupId: expected a security group id like "sg-0123456789abcdef0"']);
  });
});

/** The example config with each zone's given fields added, in zone order. */
function withZoneFields(config: Record<string, unknown>, fields: Record<string, unknown>[]): void {
  for (const [index, zone] of zonesOf(config).entries()) Object.assign(zone, fields[index]);
}

const ipv6Addresses = ["2600:1f18:1234:5601::10", "2600:1f18:1234:5602::10", "2600:1f18:1234:5604::10"];
const privateAddresses = ["10.0.1.10", "10.0.2.10", "10.0.4.10"];

describe("ipAddressType", () => {
  it('is "ipv4" unless configured, with no IPv6 address in any zone, as the blog\'s', () => {
    expect(parseConfig(exampleConfigJson()).ipAddressType).toBe("ipv4");
  });

  it('takes "dualstack" with an IPv6 address per zone, and IPv6 sources beside IPv4 ones', () => {
    const raw = exampleConfigJson();
    raw.ipAddressType = "dualstack";
    withZoneFields(
      raw,
      ipv6Addresses.map((ipv6Address) => ({ ipv6Address })),
    );
    raw.allowedSources = ["203.0.113.0/24", "2001:db8::/32"];

    const config = parseConfig(raw);

    expect(config.zones.map((zone) => zone.ipv6Address)).toEqual(ipv6Addresses);
    expect(config.allowedSources).toEqual(["203.0.113.0/24", "2001:db8::/32"]);
  });

  it("rejects an unknown type", () => {
    const problems = problemsWith((config) => (config.ipAddressType = "ipv6"));
    expect(problems).toEqual([expect.stringMatching(/^config\.ipAddressType: expected "ipv4" or "dualstack"/)]);
  });

  it("names each zone without an IPv6 address in dual-stack mode, saying it is required", () => {
    const problems = problemsWith((config) => {
      config.ipAddressType = "dualstack";
      withZoneFields(config, [{ ipv6Address: ipv6Addresses[0] }]);
    });
    expect(problems).toEqual([
      expect.stringMatching(/^config\.zones\[1\]\.ipv6Address: is required with ipAddressType "dualstack"/),
      expect.stringMatching(/^config\.zones\[2\]\.ipv6Address: is required with ipAddressType "dualstack"/),
    ]);
  });

  it('refuses an IPv6 address in "ipv4" mode, saying how to turn dual-stack on', () => {
    const problems = problemsWith((config) => withZoneFields(config, [{ ipv6Address: ipv6Addresses[0] }]));
    expect(problems).toEqual([
      'config.zones[0].ipv6Address: expected no ipv6Address with ipAddressType "ipv4" (the default): set "ipAddressType": "dualstack" for static IPv6 addresses',
    ]);
  });

  it.each(["2600:1f18::10::1", "10.0.1.10", "2600:1f18::g", "fe80::1%eth0", ""])(
    "rejects a malformed IPv6 address %p",
    (ipv6Address) => {
      const problems = problemsWith((config) => {
        config.ipAddressType = "dualstack";
        withZoneFields(config, [{ ipv6Address }, { ipv6Address: ipv6Addresses[1] }, { ipv6Address: ipv6Addresses[2] }]);
      });
      expect(problems).toEqual([
        'config.zones[0].ipv6Address: expected an IPv6 address, like "2600:1f18:1234:5601::10"',
      ]);
    },
  );

  it("checks an IPv6 address against the subnet's IPv6 CIDR where the config gives it", () => {
    const problems = problemsWith((config) => {
      config.ipAddressType = "dualstack";
      withZoneFields(
        config,
        ipv6Addresses.map((ipv6Address) => ({ ipv6Address, subnetIpv6CidrBlock: "2600:1f18:1234:5601::/64" })),
      );
    });
    expect(problems).toEqual([
      'config.zones[1].ipv6Address: expected an address in the subnet\'s IPv6 CIDR 2600:1f18:1234:5601::/64 (subnetIpv6CidrBlock), got "2600:1f18:1234:5602::10"',
      'config.zones[2].ipv6Address: expected an address in the subnet\'s IPv6 CIDR 2600:1f18:1234:5601::/64 (subnetIpv6CidrBlock), got "2600:1f18:1234:5604::10"',
    ]);
  });

  it("rejects a subnet IPv6 CIDR that is not one", () => {
    const problems = problemsWith((config) => {
      config.ipAddressType = "dualstack";
      withZoneFields(config, [
        { ipv6Address: ipv6Addresses[0], subnetIpv6CidrBlock: "10.0.1.0/24" },
        { ipv6Address: ipv6Addresses[1] },
        { ipv6Address: ipv6Addresses[2] },
      ]);
    });
    expect(problems).toEqual([
      'config.zones[0].subnetIpv6CidrBlock: expected the subnet\'s IPv6 CIDR, like "2600:1f18:1234:5601::/64"',
    ]);
  });

  it('refuses an IPv6 source in "ipv4" mode, whose NLB no IPv6 client reaches', () => {
    const problems = problemsWith((config) => {
      config.allowedSources = ["203.0.113.0/24"];
      config.ports = [{ port: 80 }, { port: 443, allowedSources: ["2001:db8::/32"] }];
    });
    expect(problems).toEqual([
      'config.ports[1].allowedSources[0]: expected an IPv4 CIDR: IPv6 clients reach the NLB only with "ipAddressType": "dualstack", got "2001:db8::/32"',
    ]);
  });
});

describe("scheme", () => {
  it('is "internet-facing" unless configured, as the blog\'s', () => {
    expect(parseConfig(exampleConfigJson()).scheme).toBe("internet-facing");
  });

  it('takes "internal" with a private IPv4 address per zone, with the Elastic IPs\' protection off', () => {
    const raw = exampleConfigJson();
    raw.scheme = "internal";
    raw.protectStaticIps = false;
    withZoneFields(
      raw,
      privateAddresses.map((privateIpv4Address) => ({ privateIpv4Address })),
    );

    expect(parseConfig(raw).zones.map((zone) => zone.privateIpv4Address)).toEqual(privateAddresses);
  });

  it("refuses internal with protectStaticIps on, since switching a deployed stack releases its Elastic IPs", () => {
    const problems = problemsWith((config) => {
      config.scheme = "internal";
      withZoneFields(
        config,
        privateAddresses.map((privateIpv4Address) => ({ privateIpv4Address })),
      );
    });
    expect(problems).toEqual([
      'config.protectStaticIps: expected false with scheme "internal", which has no Elastic IPs: on a deployed internet-facing stack the switch releases them for good',
    ]);
  });

  it("names each zone without a private IPv4 address when internal, saying it is required", () => {
    const problems = problemsWith((config) => {
      config.scheme = "internal";
      config.protectStaticIps = false;
      withZoneFields(config, [{ privateIpv4Address: "10.0.1.10" }, { privateIpv4Address: "10.0.2.10" }]);
    });
    expect(problems).toEqual([
      expect.stringMatching(/^config\.zones\[2\]\.privateIpv4Address: is required with scheme "internal"/),
    ]);
  });

  it("refuses a private IPv4 address on an internet-facing NLB, whose static IPs are Elastic IPs", () => {
    const problems = problemsWith((config) => withZoneFields(config, [{ privateIpv4Address: "10.0.1.10" }]));
    expect(problems).toEqual([
      expect.stringMatching(
        /^config\.zones\[0\]\.privateIpv4Address: expected no privateIpv4Address with scheme "internet-facing"/,
      ),
    ]);
  });

  it.each(["10.0.1", "10.0.1.256", "10.0.1.010", "2600:1f18::10"])(
    "rejects a malformed private IPv4 address %p",
    (address) => {
      const problems = problemsWith((config) => {
        config.scheme = "internal";
        config.protectStaticIps = false;
        withZoneFields(config, [
          { privateIpv4Address: address },
          { privateIpv4Address: "10.0.2.10" },
          { privateIpv4Address: "10.0.4.10" },
        ]);
      });
      expect(problems).toEqual(['config.zones[0].privateIpv4Address: expected an IPv4 address, like "10.0.1.10"']);
    },
  );

  it("rejects an unknown scheme", () => {
    const problems = problemsWith((config) => (config.scheme = "private"));
    expect(problems).toEqual([expect.stringMatching(/^config\.scheme: expected "internet-facing" .* or "internal"/)]);
  });

  it("takes internal and dual-stack together", () => {
    const raw = exampleConfigJson();
    raw.scheme = "internal";
    raw.ipAddressType = "dualstack";
    raw.protectStaticIps = false;
    withZoneFields(
      raw,
      privateAddresses.map((privateIpv4Address, index) => ({ privateIpv4Address, ipv6Address: ipv6Addresses[index] })),
    );

    expect(parseConfig(raw)).toMatchObject({ scheme: "internal", ipAddressType: "dualstack" });
  });
});

describe("ports of ALBs of their own", () => {
  const ADMIN = "internal-admin-987654321.us-east-1.elb.amazonaws.com";
  const ADMIN_ARN = "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/admin/0a1b2c3d4e5f6789";
  const withAdminPort = (entry: Record<string, unknown>) => (config: Record<string, unknown>) => {
    config.ports = [{ port: 443 }, { port: 8443, ...entry }];
  };

  it("take a port's own ALB by its DNS name, the top-level ALB staying the others'", () => {
    const raw = exampleConfigJson();
    withAdminPort({ albDnsName: ADMIN })(raw);

    expect(parseConfig(raw).ports).toEqual([{ port: 443 }, { port: 8443, albDnsName: ADMIN }]);
  });

  it.each<[string, (config: Record<string, unknown>) => void, string]>([
    [
      "a name that is no DNS name",
      withAdminPort({ albDnsName: "admin" }),
      "config.ports[1].albDnsName: expected the ALB's DNS name",
    ],
    [
      "an ARN without the DNS name the sync function finds the IPs by",
      withAdminPort({ albArn: ADMIN_ARN }),
      'config.ports[1].albDnsName: port 8443: expected the ALB\'s DNS name with its "albArn"',
    ],
    [
      "no ARN for ENI discovery",
      (config) => {
        withAdminPort({ albDnsName: ADMIN })(config);
        config.albArn = EXAMPLE_ALB_ARN;
        functionOf(config).discovery = "eni";
      },
      'config.ports[1].albArn: port 8443: expected the ALB\'s ARN: function.discovery "eni"',
    ],
    [
      "two ARNs for one ALB",
      (config) => {
        config.ports = [
          { port: 443, albDnsName: ADMIN, albArn: ADMIN_ARN },
          { port: 8443, albDnsName: ADMIN, albArn: EXAMPLE_ALB_ARN },
        ];
      },
      `config.ports[1].albArn: port 8443: expected the ARN port 443 gives ${ADMIN}: one ALB has one ARN`,
    ],
  ])("reject %s, naming the port", (_name, change, message) => {
    expect(problemsWith(change)).toEqual([expect.stringContaining(message)]);
  });

  it("in alb mode need each port's ALB ARN, the top-level one only for ports without their own", () => {
    const raw = exampleConfigJson();
    albMode(raw);
    delete raw.albArn;
    raw.ports = [{ port: 8443, albArn: ADMIN_ARN }];

    expect(parseConfig(raw).ports).toEqual([{ port: 8443, albArn: ADMIN_ARN }]);
  });
});
