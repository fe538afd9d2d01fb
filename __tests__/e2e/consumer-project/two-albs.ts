// Two ALBs in one stack, each with static IPs of its own: one kept by the sync function, one by AWS (targets alb).
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { AlbStaticIps } from "alb-static-ip";
import { App, TerraformStack } from "cdktf";
import type { Construct } from "constructs";

class TwoAlbsStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, "aws", { region: "us-east-1" });

    const vpc = new Vpc(this, "vpc", { cidrBlock: "10.0.0.0/16" });
    const zones = ["us-east-1a", "us-east-1b"];
    const subnets = zones.map(
      (zone, index) =>
        new Subnet(this, `subnet-${zone}`, { vpcId: vpc.id, availabilityZone: zone, cidrBlock: `10.0.${index}.0/24` }),
    );
    const staticIpZones = zones.map((availabilityZone, index) => ({
      availabilityZone,
      publicSubnetId: subnets[index].id,
    }));
    const albs = ["shop", "api"].map((name) => {
      const alb = new Lb(this, name, {
        name,
        internal: true,
        loadBalancerType: "application",
        subnets: subnets.map((subnet) => subnet.id),
      });
      new LbListener(this, `${name}-http`, {
        loadBalancerArn: alb.arn,
        port: 80,
        protocol: "HTTP",
        defaultAction: [
          {
            type: "fixed-response",
            fixedResponse: { contentType: "text/plain", statusCode: "200", messageBody: name },
          },
        ],
      });
      return alb;
    });

    new AlbStaticIps(this, "ShopStaticIps", {
      vpcId: vpc.id,
      albDnsName: albs[0].dnsName,
      zones: staticIpZones,
      ports: [{ port: 80 }],
      alarms: { emails: ["ops@example.com"] },
    });
    new AlbStaticIps(this, "ApiStaticIps", {
      vpcId: vpc.id,
      albDnsName: albs[1].dnsName,
      albArn: albs[1].arn,
      targets: "alb",
      zones: staticIpZones,
      ports: [{ port: 8080, albPort: 80 }],
      allowedSources: ["203.0.113.0/24"],
    });
  }
}

const app = new App();
new TwoAlbsStack(app, "two-albs");
app.synth();
