import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { AlbStaticIps } from "alb-static-ip";
import { App, TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";

class EdgeStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, "aws", { region: "us-east-1" });

    // Your network and your internal ALB, as you have them.
    const vpc = new Vpc(this, "vpc", { cidrBlock: "10.0.0.0/16" });
    const gateway = new InternetGateway(this, "gateway", { vpcId: vpc.id });
    const publicRoutes = new RouteTable(this, "public-routes", {
      vpcId: vpc.id,
      route: [{ cidrBlock: "0.0.0.0/0", gatewayId: gateway.id }],
    });
    const zones = ["us-east-1a", "us-east-1b"];
    const publicSubnets = zones.map((zone, index) => {
      const subnet = new Subnet(this, `public-${zone}`, {
        vpcId: vpc.id,
        availabilityZone: zone,
        cidrBlock: `10.0.${index}.0/24`,
      });
      new RouteTableAssociation(this, `public-routes-${zone}`, { subnetId: subnet.id, routeTableId: publicRoutes.id });
      return subnet;
    });
    const alb = new Lb(this, "alb", {
      name: "shop",
      internal: true,
      loadBalancerType: "application",
      subnets: publicSubnets.map((subnet) => subnet.id),
    });
    new LbListener(this, "http", {
      loadBalancerArn: alb.arn,
      port: 80,
      protocol: "HTTP",
      defaultAction: [
        { type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "200", messageBody: "ok" } },
      ],
    });

    // Static IPs in front of it: one Elastic IP per zone, port 80 forwarded to the ALB's port 80.
    const staticIps = new AlbStaticIps(this, "StaticIps", {
      vpcId: vpc.id,
      albDnsName: alb.dnsName,
      zones: zones.map((availabilityZone, index) => ({ availabilityZone, publicSubnetId: publicSubnets[index].id })),
      ports: [{ port: 80 }],
    });
    new TerraformOutput(this, "static_ips", { value: staticIps.staticIps });
  }
}

const app = new App();
new EdgeStack(app, "edge");
app.synth();
