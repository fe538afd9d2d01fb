import { cpSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  EXAMPLE_IPV6_ADDRESSES,
  EXAMPLE_PRIVATE_IPV4_ADDRESSES,
  exampleDualStackConfigWith,
  exampleInternalConfigWith,
  exampleZonesWith,
  inAlbMode,
} from "../synthesis/address-configs";
import {
  exampleAlbModeConfigWith,
  exampleConfigJson,
  exampleConfigWith,
  synthHclWithApp,
  synthStackToDisk,
  zones,
} from "../synthesis/stack";
import { PLUGIN_DIR, planChanges, terraform, terraformUnavailable, useOfflineProvider } from "../synthesis/terraform";

const unavailable = terraformUnavailable();
if (unavailable) console.warn(`Skipping the real-Terraform tests: ${unavailable}`);
const describeWithTerraform = unavailable ? describe.skip : describe;

describeWithTerraform("real Terraform on the synthesized example stack", () => {
  let stackDir: string;
  beforeAll(() => {
    // Its state in its own folder: the default path, beside cdktf.out, is one file in the temporary folder that every
    // run on the machine shares (and locks).
    stackDir = synthStackToDisk(exampleConfigWith({ backend: { type: "local", path: "terraform.tfstate" } }));
    terraform(stackDir, "init", "-input=false", "-no-color", `-plugin-dir=${PLUGIN_DIR}`);
    useOfflineProvider(stackDir);
  }, 120_000);

  it("passes terraform validate", () => {
    expect(terraform(stackDir, "validate", "-no-color")).toContain("The configuration is valid");
  });

  it("plans to create exactly the stack's resources, and nothing else", () => {
    const changes = planChanges(stackDir);

    expect(changes.every((change) => change.actions.join() === "create")).toBe(true);
    expect(changes.map((change) => change.address).sort()).toEqual([
      "aws_cloudwatch_event_rule.cron_minute",
      "aws_cloudwatch_event_target.static_lb_sync",
      "aws_cloudwatch_log_group.static_lb_sync",
      "aws_eip.us_east_1a",
      "aws_eip.us_east_1b",
      "aws_eip.us_east_1d",
      "aws_iam_role.static_lb_lambda",
      "aws_iam_role_policy.static_lb_lambda",
      "aws_lambda_function.static_lb_sync",
      "aws_lambda_function_event_invoke_config.static_lb_sync",
      "aws_lambda_permission.allow_cloudwatch",
      "aws_lb.public",
      "aws_lb_listener.public_443",
      "aws_lb_listener.public_80",
      "aws_lb_target_group.public_443",
      "aws_lb_target_group.public_80",
      "aws_s3_bucket.static_lb",
      "aws_s3_bucket_lifecycle_configuration.static_lb",
      "aws_s3_bucket_ownership_controls.static_lb",
      "aws_s3_bucket_policy.static_lb",
      "aws_s3_bucket_public_access_block.static_lb",
      "aws_s3_bucket_server_side_encryption_configuration.static_lb",
      "aws_s3_bucket_versioning.static_lb",
      "terraform_data.nlb_security_groups",
    ]);
  }, 120_000);
});

describeWithTerraform("real Terraform on other shapes", () => {
  it("validates a 6-zone, 3-port stack with ENI discovery, kept in an S3 backend", () => {
    const raw = exampleConfigJson();
    const stackDir = synthStackToDisk(
      exampleConfigWith({
        albArn: "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/app-internal/50dc6c495c0c9188",
        function: { ...(raw.function as object), discovery: "eni" },
        zones: zones(6),
        ports: [{ port: 80 }, { port: 443 }, { port: 8443, albPort: 443 }],
        backend: { type: "s3", bucket: "team-tf-state", key: "edge/static-ip.tfstate", region: "us-east-1" },
      }),
    );
    terraform(stackDir, "init", "-backend=false", "-input=false", "-no-color", `-plugin-dir=${PLUGIN_DIR}`);

    expect(terraform(stackDir, "validate", "-no-color")).toContain("The configuration is valid");
  }, 120_000);
});

describeWithTerraform("real Terraform on the ALB itself as the target, behind an allowlist", () => {
  it("validates with per-port sources, a health check and a rule on the ALB's security group", () => {
    const stackDir = synthStackToDisk(
      exampleAlbModeConfigWith({
        ports: [{ port: 80 }, { port: 443 }, { port: 8443, albPort: 443, allowedSources: ["198.51.100.0/24"] }],
        allowedSources: ["203.0.113.0/24"],
        albSecurityGroupId: "sg-0123456789abcdef0",
        healthCheck: { protocol: "HTTPS", path: "/health", matcher: "200" },
      }),
    );
    terraform(stackDir, "init", "-backend=false", "-input=false", "-no-color", `-plugin-dir=${PLUGIN_DIR}`);

    expect(terraform(stackDir, "validate", "-no-color")).toContain("The configuration is valid");
  }, 120_000);
});

describeWithTerraform("real Terraform on the HCL `npm run synth:hcl` writes", () => {
  it("validates on its own, moved out of the project as a user leaving cdktf would", () => {
    const moved = join(mkdtempSync(join(tmpdir(), "left-cdktf-")), "alb-static-ip");
    cpSync(join(synthHclWithApp(), "stacks/alb-static-ip"), moved, { recursive: true });
    expect(readdirSync(moved).sort()).toEqual(["assets", "cdk.tf", "metadata.json"]);

    terraform(moved, "init", "-backend=false", "-input=false", "-no-color", `-plugin-dir=${PLUGIN_DIR}`);

    expect(terraform(moved, "validate", "-no-color")).toContain("The configuration is valid");
  }, 120_000);
});

describeWithTerraform("real Terraform on dual-stack and internal NLBs", () => {
  it("validates a dual-stack stack with IPv4 and IPv6 sources, and an internal dual-stack one of the ALB itself", () => {
    const stackDirs = [
      synthStackToDisk(exampleDualStackConfigWith({ allowedSources: ["203.0.113.0/24", "2001:db8::/32"] })),
      synthStackToDisk(
        exampleInternalConfigWith(
          inAlbMode({
            ipAddressType: "dualstack",
            zones: exampleZonesWith((index) => ({
              privateIpv4Address: EXAMPLE_PRIVATE_IPV4_ADDRESSES[index],
              ipv6Address: EXAMPLE_IPV6_ADDRESSES[index],
            })),
          }),
        ),
      ),
    ];

    for (const stackDir of stackDirs) {
      terraform(stackDir, "init", "-backend=false", "-input=false", "-no-color", `-plugin-dir=${PLUGIN_DIR}`);
      expect(terraform(stackDir, "validate", "-no-color")).toContain("The configuration is valid");
    }
  }, 240_000);
});
