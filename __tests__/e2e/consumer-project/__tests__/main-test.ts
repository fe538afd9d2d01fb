import "cdktf/lib/testing/adapters/jest"; // Load types for expect matchers
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { AlbStaticIps } from "alb-static-ip";
import { TerraformStack, Testing } from "cdktf";

function stackWithStaticIps(): TerraformStack {
  const app = Testing.app();
  const stack = new TerraformStack(app, "test");
  const vpc = new Vpc(stack, "vpc", { cidrBlock: "10.0.0.0/16" });
  const subnet = new Subnet(stack, "public", {
    vpcId: vpc.id,
    availabilityZone: "us-east-1a",
    cidrBlock: "10.0.0.0/24",
  });
  const alb = new Lb(stack, "alb", { internal: true, loadBalancerType: "application", subnets: [subnet.id] });
  new AlbStaticIps(stack, "StaticIps", {
    vpcId: vpc.id,
    albDnsName: alb.dnsName,
    zones: [{ availabilityZone: "us-east-1a", publicSubnetId: subnet.id }],
    ports: [{ port: 443 }],
  });
  return stack;
}

describe("Static IPs for my ALB", () => {
  it("puts an internet-facing NLB on my public subnet, with a static IP", () => {
    expect(Testing.synth(stackWithStaticIps())).toHaveResourceWithProperties(Lb, {
      load_balancer_type: "network",
      internal: false,
      subnet_mapping: [{ subnet_id: "${aws_subnet.public.id}", allocation_id: "${aws_eip.StaticIps_us_east_1a.id}" }],
    });
  });

  it("synthesizes as reviewed", () => {
    expect(Testing.synth(stackWithStaticIps())).toMatchSnapshot();
  });
});
