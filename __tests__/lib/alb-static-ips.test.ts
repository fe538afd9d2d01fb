/**
 * AlbStaticIps as a consumer uses it: in a stack of their own, fed by tokens of their own VPC, subnets and ALB. (The
 * app's use, with the id `Default`, is the stack tests' and the snapshot's.)
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { type App, Fn, TerraformOutput, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { AlbStaticIps, type AlbStaticIpsProps } from "../../lib";

let outdir: string;
beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), "alb-static-ips-"));
});
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

interface ConsumerStack {
  readonly stack: TerraformStack;
  /** Props from the stack's own VPC, subnets (us-east-1a and b) and internal ALB: every value a token. */
  readonly props: AlbStaticIpsProps;
}

function consumerStack(): ConsumerStack {
  const app: App = Testing.app({ outdir: join(outdir, "cdktf.out") });
  const stack = new TerraformStack(app, "consumer");
  const vpc = new Vpc(stack, "vpc", { cidrBlock: "10.0.0.0/16" });
  const subnets = ["us-east-1a", "us-east-1b"].map(
    (zone, index) =>
      new Subnet(stack, `public-${zone}`, { vpcId: vpc.id, availabilityZone: zone, cidrBlock: `10.0.${index}.0/24` }),
  );
  const alb = new Lb(stack, "alb", {
    name: "internal-alb",
    internal: true,
    loadBalancerType: "application",
    subnets: subnets.map((subnet) => subnet.id),
  });
  return {
    stack,
    props: {
      vpcId: vpc.id,
      albDnsName: alb.dnsName,
      albArn: alb.arn,
      zones: subnets.map((subnet, index) => ({
        availabilityZone: ["us-east-1a", "us-east-1b"][index],
        publicSubnetId: subnet.id,
      })),
      ports: [{ port: 443 }],
    },
  };
}

interface Synthesized {
  readonly resource: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, unknown>>;
  readonly provider?: unknown;
  readonly terraform?: { readonly backend?: unknown };
  readonly moved?: readonly { readonly from: string; readonly to: string }[];
}

const synth = (stack: TerraformStack): Synthesized => JSON.parse(Testing.synth(stack)) as Synthesized;

describe("AlbStaticIps in a consumer's stack", () => {
  it("takes tokens of the consumer's own resources, and makes no provider and no backend", () => {
    const { stack, props } = consumerStack();
    new AlbStaticIps(stack, "StaticIps", props);

    const synthesized = Testing.synth(stack);

    expect(synthesized).toHaveResourceWithProperties(Lb, {
      name: "staticips-public",
      load_balancer_type: "network",
      subnet_mapping: [
        { subnet_id: "${aws_subnet.public-us-east-1a.id}", allocation_id: "${aws_eip.StaticIps_us_east_1a.id}" },
        { subnet_id: "${aws_subnet.public-us-east-1b.id}", allocation_id: "${aws_eip.StaticIps_us_east_1b.id}" },
      ],
    });
    const tf = JSON.parse(synthesized) as Synthesized;
    expect(tf.provider).toBeUndefined();
    expect(tf.terraform?.backend).toBeUndefined();
    expect(tf.resource.aws_lb_target_group.StaticIps_public_443.vpc_id).toBe("${aws_vpc.vpc.id}");
    expect(tf.resource.aws_lambda_function.StaticIps_static_lb_sync.environment).toEqual({
      variables: expect.objectContaining({ ALB_DNS_NAME: "${aws_lb.alb.dns_name}" }),
    });
  });

  it("scopes every address by the construct's id and every name by its name prefix", () => {
    const { stack, props } = consumerStack();
    new AlbStaticIps(stack, "StaticIps", props);

    const tf = synth(stack);

    const own = Object.entries(tf.resource).flatMap(([type, resources]) =>
      Object.keys(resources)
        .filter((name) => !["vpc", "alb"].includes(name) && !name.startsWith("public-"))
        .map((name) => `${type}.${name}`),
    );
    expect(own.filter((address) => !/^[a-z0-9_]+\.StaticIps_/.test(address))).toEqual([]);
    expect(tf.resource.aws_lambda_function.StaticIps_static_lb_sync.function_name).toBe("staticips-static-ip-sync");
  });

  it("lets Terraform name the state bucket when no name is given, after the name prefix", () => {
    const { stack, props } = consumerStack();
    new AlbStaticIps(stack, "StaticIps", props);

    expect(Testing.synth(stack)).toHaveResourceWithProperties(S3Bucket, { bucket_prefix: "staticips-static-ip-" });
    expect(synth(stack).resource.aws_s3_bucket.StaticIps_static_lb.bucket).toBeUndefined();
  });

  it("keeps two instances for two ALBs apart: addresses, names and the function's asset", () => {
    const { stack, props } = consumerStack();
    new AlbStaticIps(stack, "Shop", props);
    new AlbStaticIps(stack, "Api", { ...props, ports: [{ port: 8443, albPort: 443 }] });

    const tf = synth(stack);

    expect(Object.keys(tf.resource.aws_eip).sort()).toEqual([
      "Api_us_east_1a",
      "Api_us_east_1b",
      "Shop_us_east_1a",
      "Shop_us_east_1b",
    ]);
    const nlbNames = Object.values(tf.resource.aws_lb).map((lb) => lb.name);
    expect(nlbNames.sort()).toEqual(["api-public", "internal-alb", "shop-public"]);
    const filenames = Object.values(tf.resource.aws_lambda_function).map((fn) => fn.filename);
    expect(new Set(filenames).size).toBe(2);
  });

  it("serves a port of a second ALB from the same static IPs: its group names its ALB in the function's environment", () => {
    const { stack, props } = consumerStack();
    const admin = new Lb(stack, "admin", { name: "admin-alb", internal: true, loadBalancerType: "application" });
    new AlbStaticIps(stack, "StaticIps", {
      ...props,
      ports: [{ port: 443 }, { port: 8443, albPort: 443, albDnsName: admin.dnsName, albArn: admin.arn }],
      alarms: { emails: ["ops@example.com"] },
    });

    const tf = synth(stack);

    const variables = (
      tf.resource.aws_lambda_function.StaticIps_static_lb_sync.environment as { variables: Record<string, string> }
    ).variables;
    expect(variables.TARGET_GROUPS).toBe(
      '${jsonencode([{"arn" = aws_lb_target_group.StaticIps_public_443.arn, "port" = 443}, {"arn" = aws_lb_target_group.StaticIps_public_8443.arn, "port" = 443, "albDnsName" = aws_lb.admin.dns_name}])}',
    );
    expect(Object.keys(tf.resource.aws_eip)).toHaveLength(2);
    expect(Object.keys(tf.resource.aws_cloudwatch_metric_alarm)).toEqual(
      expect.arrayContaining([
        "StaticIps_no_alb_ips",
        "StaticIps_no_alb_ips_8443",
        "StaticIps_cut_off",
        "StaticIps_cut_off_8443",
      ]),
    );
    expect(tf.resource.aws_cloudwatch_metric_alarm.StaticIps_no_alb_ips_8443.dimensions).toEqual({
      LoadBalancer: "${aws_lb.admin.dns_name}",
    });
  });

  it("attaches each port's own ALB to its target group with targets alb", () => {
    const { stack, props } = consumerStack();
    const admin = new Lb(stack, "admin", { name: "admin-alb", internal: true, loadBalancerType: "application" });
    new AlbStaticIps(stack, "StaticIps", {
      ...props,
      targets: "alb",
      ports: [{ port: 443 }, { port: 8443, albPort: 443, albArn: admin.arn }],
    });

    const attachments = synth(stack).resource.aws_lb_target_group_attachment;

    expect(attachments.StaticIps_alb_443.target_id).toBe("${aws_lb.alb.arn}");
    expect(attachments.StaticIps_alb_8443.target_id).toBe("${aws_lb.admin.arn}");
  });

  it("reads the region from the provider for the dashboard when none is given", () => {
    const { stack, props } = consumerStack();
    new AlbStaticIps(stack, "StaticIps", { ...props, alarms: { emails: ["ops@example.com"] } });

    const tf = synth(stack);

    expect(tf.data?.aws_region).toEqual({ StaticIps_current: {} });
    expect(JSON.stringify(tf.resource.aws_cloudwatch_dashboard)).toContain("data.aws_region.StaticIps_current.name");
  });

  it("moves a deployed blog's resources into its own addresses with adoptAddressPrefix", () => {
    const { stack, props } = consumerStack();
    new AlbStaticIps(stack, "StaticIps", { ...props, adoptAddressPrefix: "app" });

    expect(synth(stack).moved).toContainEqual({ from: "aws_eip.app_us_east_1a", to: "aws_eip.StaticIps_us_east_1a" });
  });

  it("builds the app's addresses under the id Default, for taking over a stack the app deployed", () => {
    const { stack, props } = consumerStack();
    new AlbStaticIps(stack, "Default", { ...props, namePrefix: "app" });

    const tf = synth(stack);

    expect(Object.keys(tf.resource.aws_eip).sort()).toEqual(["us_east_1a", "us_east_1b"]);
    expect(Object.keys(tf.resource.aws_lb).sort()).toEqual(["alb", "public"]);
  });
});

/** The consumer's stack made dual-stack: an Amazon-provided IPv6 block on the VPC, a /64 of it on each subnet. */
function dualStackConsumerStack(): ConsumerStack & { readonly subnets: readonly Subnet[] } {
  const { stack, props } = consumerStack();
  const vpc = stack.node.findChild("vpc") as Vpc;
  vpc.assignGeneratedIpv6CidrBlock = true;
  const subnets = props.zones.map((zone, index) => {
    const subnet = stack.node.findChild(`public-${zone.availabilityZone}`) as Subnet;
    subnet.ipv6CidrBlock = Fn.cidrsubnet(vpc.ipv6CidrBlock, 8, index);
    return subnet;
  });
  return { stack, props, subnets };
}

describe("AlbStaticIps with static IPv6 and private addresses", () => {
  it("builds a dual-stack NLB from literal IPv6 addresses checked against tokens of the subnets' IPv6 CIDRs", () => {
    const { stack, props, subnets } = dualStackConsumerStack();
    const staticIps = new AlbStaticIps(stack, "StaticIps", {
      ...props,
      ipAddressType: "dualstack",
      // Written otherwise than AWS writes it: the NLB and the output get AWS's form.
      zones: props.zones.map((zone, index) => ({
        ...zone,
        ipv6Address: `2600:1F18:4a3:6a0${index + 1}:0::0010`,
        subnetIpv6CidrBlock: subnets[index].ipv6CidrBlock,
      })),
      allowedSources: ["203.0.113.0/24", "2001:db8::/32"],
    });
    new TerraformOutput(stack, "static_ipv6s", { value: staticIps.staticIpv6s });

    const synthesized = Testing.synth(stack);

    expect(synthesized).toHaveResourceWithProperties(Lb, {
      name: "staticips-public",
      ip_address_type: "dualstack",
      subnet_mapping: [
        {
          subnet_id: "${aws_subnet.public-us-east-1a.id}",
          allocation_id: "${aws_eip.StaticIps_us_east_1a.id}",
          ipv6_address: "2600:1f18:4a3:6a01::10",
        },
        {
          subnet_id: "${aws_subnet.public-us-east-1b.id}",
          allocation_id: "${aws_eip.StaticIps_us_east_1b.id}",
          ipv6_address: "2600:1f18:4a3:6a02::10",
        },
      ],
    });
    const tf = JSON.parse(synthesized) as Synthesized & { readonly output: Record<string, { value: unknown }> };
    expect(tf.output.static_ipv6s.value).toEqual(["2600:1f18:4a3:6a01::10", "2600:1f18:4a3:6a02::10"]);
    // The zones' address records, which replace the NLB when an address changes, are scoped like every address.
    expect(tf.resource.terraform_data).toEqual({
      StaticIps_nlb_security_groups: { triggers_replace: { attached: "true", ip_address_type: "dualstack" } },
      StaticIps_nlb_addresses_us_east_1a: { triggers_replace: { ipv6_address: "2600:1f18:4a3:6a01::10" } },
      StaticIps_nlb_addresses_us_east_1b: { triggers_replace: { ipv6_address: "2600:1f18:4a3:6a02::10" } },
    });
    expect(tf.resource.aws_lb.StaticIps_public.lifecycle).toMatchObject({
      replace_triggered_by: [
        "terraform_data.StaticIps_nlb_security_groups",
        "terraform_data.StaticIps_nlb_addresses_us_east_1a",
        "terraform_data.StaticIps_nlb_addresses_us_east_1b",
      ],
    });
    expect(tf.resource.aws_security_group.StaticIps_public.ingress).toEqual([
      expect.objectContaining({ cidr_blocks: ["203.0.113.0/24"], ipv6_cidr_blocks: ["2001:db8::/32"] }),
    ]);
  });

  it("takes an IPv6 address that only Terraform knows, from the subnet's CIDR", () => {
    const { stack, props, subnets } = dualStackConsumerStack();
    new AlbStaticIps(stack, "StaticIps", {
      ...props,
      ipAddressType: "dualstack",
      zones: props.zones.map((zone, index) => ({
        ...zone,
        ipv6Address: Fn.cidrhost(subnets[index].ipv6CidrBlock, 16),
        subnetIpv6CidrBlock: subnets[index].ipv6CidrBlock,
      })),
    });

    const tf = synth(stack);

    expect(tf.resource.aws_lb.StaticIps_public.subnet_mapping).toEqual([
      expect.objectContaining({ ipv6_address: "${cidrhost(aws_subnet.public-us-east-1a.ipv6_cidr_block, 16)}" }),
      expect.objectContaining({ ipv6_address: "${cidrhost(aws_subnet.public-us-east-1b.ipv6_cidr_block, 16)}" }),
    ]);
    expect(tf.resource.terraform_data.StaticIps_nlb_addresses_us_east_1b).toEqual({
      triggers_replace: { ipv6_address: "${cidrhost(aws_subnet.public-us-east-1b.ipv6_cidr_block, 16)}" },
    });
  });

  it("builds an internal NLB at the zones' private addresses, with no Elastic IP", () => {
    const { stack, props } = consumerStack();
    const staticIps = new AlbStaticIps(stack, "StaticIps", {
      ...props,
      scheme: "internal",
      protectStaticIps: false,
      zones: props.zones.map((zone, index) => ({ ...zone, privateIpv4Address: `10.0.${index}.10` })),
    });

    const tf = synth(stack);

    expect(tf.resource.aws_eip).toBeUndefined();
    expect(tf.resource.aws_lb.StaticIps_public).toMatchObject({
      internal: true,
      subnet_mapping: [
        { subnet_id: "${aws_subnet.public-us-east-1a.id}", private_ipv4_address: "10.0.0.10" },
        { subnet_id: "${aws_subnet.public-us-east-1b.id}", private_ipv4_address: "10.0.1.10" },
      ],
    });
    expect(staticIps.staticIps).toEqual(["10.0.0.10", "10.0.1.10"]);
    expect(staticIps.staticIpv6s).toEqual([]);
    expect(Object.keys(tf.resource.terraform_data).sort()).toEqual([
      "StaticIps_nlb_addresses_us_east_1a",
      "StaticIps_nlb_addresses_us_east_1b",
      "StaticIps_nlb_security_groups",
    ]);
  });
});

describe("AlbStaticIps' validation", () => {
  const construct = (change: (props: AlbStaticIpsProps, stack: TerraformStack) => AlbStaticIpsProps) => () => {
    const { stack, props } = consumerStack();
    new AlbStaticIps(stack, "StaticIps", change(props, stack));
  };

  it("checks a literal by the config's rules, naming the field and the construct", () => {
    expect(construct((props) => ({ ...props, vpcId: "vpc-123" }))).toThrow(
      'consumer/StaticIps: vpcId: expected a VPC id like "vpc-0123456789abcdef0"',
    );
  });

  it("lists every problem, one a line", () => {
    expect(
      construct((props) => ({ ...props, albDnsName: "not a name", ports: [{ port: 443 }, { port: 443 }] })),
    ).toThrow(/albDnsName: expected the ALB's DNS name.*\nports\[1\]\.port: duplicate port 443/s);
  });

  it("never fails on a token, even one of a variable", () => {
    expect(
      construct((props, stack) => ({
        ...props,
        stateBucket: new TerraformVariable(stack, "bucket", { type: "string" }).stringValue,
        allowedSources: new TerraformVariable(stack, "sources", { type: "list(string)" }).listValue,
        albSecurityGroupId: new TerraformVariable(stack, "alb_sg", { type: "string" }).stringValue,
        region: new TerraformVariable(stack, "region", { type: "string" }).stringValue,
      })),
    ).not.toThrow();
  });

  it("refuses a token as a zone name, which is part of an address", () => {
    expect(
      construct((props, stack) => ({
        ...props,
        zones: [
          {
            availabilityZone: new TerraformVariable(stack, "zone", { type: "string" }).stringValue,
            publicSubnetId: "subnet-0aaaaaaaaaaaaaaa1",
          },
        ],
      })),
    ).toThrow(
      "zones[0].availabilityZone: expected a literal, not a token: it is part of Terraform addresses, which are fixed before anything is planned",
    );
  });

  it("refuses a token as a port, and as any number the construct computes with", () => {
    expect(
      construct((props, stack) => ({
        ...props,
        ports: [{ port: new TerraformVariable(stack, "port", { type: "number" }).numberValue }],
        function: { timeoutSeconds: new TerraformVariable(stack, "timeout", { type: "number" }).numberValue },
      })),
    ).toThrow(/ports\[0\]\.port: expected a literal, not a token.*\nfunction\.timeoutSeconds: expected a literal/s);
  });

  it("checks zones against the region when both are known", () => {
    expect(construct((props) => ({ ...props, region: "eu-west-1" }))).toThrow(
      'zones[0].availabilityZone: expected a zone of region eu-west-1, got "us-east-1a"',
    );
  });

  it("refuses a name prefix another instance in the stack has", () => {
    expect(
      construct((props, stack) => {
        new AlbStaticIps(stack, "First", { ...props, namePrefix: "edge" });
        return { ...props, namePrefix: "edge" };
      }),
    ).toThrow('namePrefix: "edge" is already the name prefix of consumer/First; give each its own');
  });

  it("refuses an id that makes no name prefix, asking for one", () => {
    const { stack, props } = consumerStack();
    expect(() => new AlbStaticIps(stack, "StaticIpsOfTheShopFrontEnd", props)).toThrow(
      /namePrefix: expected at most 19 characters/,
    );
  });

  it("refuses a token as the IP address type or the scheme, which decide the resources", () => {
    expect(
      construct((props, stack) => ({
        ...props,
        ipAddressType: new TerraformVariable(stack, "ip_address_type", { type: "string" })
          .stringValue as AlbStaticIpsProps["ipAddressType"],
        scheme: new TerraformVariable(stack, "scheme", { type: "string" }).stringValue as AlbStaticIpsProps["scheme"],
      })),
    ).toThrow(
      /ipAddressType: expected a literal, not a token: the construct is built from its value\nscheme: expected a literal, not a token: the construct is built from its value$/,
    );
  });

  it("checks a literal IPv6 address against a literal subnet CIDR, and wants one per zone when dual-stack", () => {
    expect(
      construct((props) => ({
        ...props,
        ipAddressType: "dualstack",
        zones: [
          { ...props.zones[0], ipv6Address: "2600:1f18:4a3:6a02::10", subnetIpv6CidrBlock: "2600:1f18:4a3:6a01::/64" },
          props.zones[1],
        ],
      })),
    ).toThrow(
      'consumer/StaticIps: zones[0].ipv6Address: expected an address in the subnet\'s IPv6 CIDR 2600:1f18:4a3:6a01::/64 (subnetIpv6CidrBlock), got "2600:1f18:4a3:6a02::10"\nzones[1].ipv6Address: is required with ipAddressType "dualstack"',
    );
  });

  it("still refuses an IPv6 address given as a token without dual-stack", () => {
    expect(
      construct((props, stack) => ({
        ...props,
        zones: props.zones.map((zone) => ({
          ...zone,
          ipv6Address: new TerraformVariable(stack, `ipv6_${zone.availabilityZone}`, { type: "string" }).stringValue,
        })),
      })),
    ).toThrow('zones[0].ipv6Address: expected no ipv6Address with ipAddressType "ipv4" (the default)');
  });

  it("needs the ALB's ARN for targets alb", () => {
    expect(construct((props) => ({ ...props, albArn: undefined, targets: "alb" }))).toThrow(
      'albArn: expected the ALB\'s ARN: targets "alb" registers the ALB itself, by its ARN',
    );
  });
});

describe("the static IPs' Elastic IPs", () => {
  it("are protected from destroy by default", () => {
    const { stack, props } = consumerStack();
    new AlbStaticIps(stack, "StaticIps", props);

    expect(Testing.synth(stack)).toHaveResourceWithProperties(Eip, { lifecycle: { prevent_destroy: true } });
  });
});
