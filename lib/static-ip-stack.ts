import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
import type { Construct } from "constructs";
import { AlbStaticIps } from "./alb-static-ips";
import { albStaticIpsPropsOf } from "./app-config";
import { configureBackend } from "./backend";
import type { StaticIpConfig } from "./config";
import { atAddress, terraformId } from "./terraform-names";

export interface StaticIpStackProps {
  /** The validated configuration (`loadConfig`). */
  readonly config: StaticIpConfig;
}

/**
 * The app's stack: its backend and provider, the environment-specific inputs as Terraform variables, the static IPs
 * (`AlbStaticIps`) built from the config, and their outputs.
 */
export class StaticIpStack extends TerraformStack {
  constructor(scope: Construct, id: string, { config }: StaticIpStackProps) {
    super(scope, id);
    configureBackend(this, config.backend);
    new AwsProvider(this, "aws", { region: config.region, defaultTags: [{ tags: { Project: config.stackName } }] });

    // Environment-specific inputs stay Terraform variables (named as in the blog), so -var and TF_VAR_* still work.
    const albArn =
      (config.targets === "alb" || config.function.discovery === "eni") && config.albArn !== undefined
        ? stringVariable(this, "alb_arn", config.albArn, "ARN of the ALB behind the NLB")
        : undefined;
    // The id `Default` keeps the addresses the app has always had (`aws_eip.us_east_1a`): deployed stacks stay put.
    const staticIps = new AlbStaticIps(this, "Default", {
      ...albStaticIpsPropsOf(config),
      vpcId: stringVariable(this, "vpc_id", config.vpcId, "VPC of the NLB's target groups"),
      albDnsName: stringVariable(this, "alb_dns_name", config.albDnsName, "DNS name of the ALB behind the NLB"),
      albArn,
      zones: config.zones.map((zone) => ({
        ...zone,
        publicSubnetId: stringVariable(
          this,
          terraformId("public_subnet", zone.availabilityZone),
          zone.publicSubnetId,
          `${config.scheme === "internal" ? "Subnet" : "Public subnet"} of the NLB in ${zone.availabilityZone}`,
        ),
      })),
    });

    if (staticIps.dashboardUrl !== undefined) {
      new TerraformOutput(this, "dashboard_url", {
        value: staticIps.dashboardUrl,
        description: "The CloudWatch dashboard of the static IPs",
      });
    }
    new TerraformOutput(this, "static_ips", { value: staticIps.staticIps, description: "The NLB's static IPs" });
    if (config.ipAddressType === "dualstack") {
      new TerraformOutput(this, "static_ipv6s", {
        value: staticIps.staticIpv6s,
        description: "The NLB's static IPv6 addresses",
      });
    }
    new TerraformOutput(this, "nlb_dns_name", { value: staticIps.loadBalancer.dnsName });
    new TerraformOutput(this, "target_group_arns", {
      value: staticIps.targetGroupArns,
      description: "Target group ARN by NLB port",
    });
    if (staticIps.syncFunction) {
      new TerraformOutput(this, "sync_function_name", { value: staticIps.syncFunction.functionName });
    }
  }
}

function stringVariable(stack: TerraformStack, name: string, defaultValue: string, description: string): string {
  return atAddress(new TerraformVariable(stack, name, { type: "string", default: defaultValue, description }), name)
    .stringValue;
}
