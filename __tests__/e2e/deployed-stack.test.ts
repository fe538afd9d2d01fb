/**
 * What Terraform plans for a stack already deployed when its config changes. The deployed state is made from the
 * example stack's own plan (applied-state.ts), then planned again with each config; a blog deployment's state is made
 * the same way from the project's description of one (blog-deployment.ts), then planned with the README's adoption
 * config. Every config is a module of one Terraform run (side-by-side.ts), and the real provider plans them offline
 * with `-refresh=false`.
 */
import type { StaticIpConfig } from "../../lib/config";
import {
  EXAMPLE_IPV6_ADDRESSES,
  exampleDualStackConfigWith,
  exampleInternalConfigWith,
  exampleZonesWith,
  inAlbMode,
} from "../synthesis/address-configs";
import { appliedState, moduleResources, reappliedState, resourceSchemas, stateWith } from "../synthesis/applied-state";
import { blogDeploymentDir } from "../synthesis/blog-deployment";
import {
  type Configuration,
  changesIn,
  planSideBySide,
  refusedDestroys,
  sideBySide,
  stackProviderSettings,
} from "../synthesis/side-by-side";
import { exampleAlbModeConfigWith, exampleConfigJson, exampleConfigWith, synthStackToDisk } from "../synthesis/stack";
import { type PlannedChange, type TerraformPlan, terraformUnavailable } from "../synthesis/terraform";

const unavailable = terraformUnavailable();
if (unavailable) console.warn(`Skipping the plans against deployed stacks: ${unavailable}`);
const describeWithTerraform = unavailable ? describe.skip : describe;

const example = exampleConfigJson();
const exampleZones = example.zones as object[];

/** The README's adoption config: the blog's values (which the example config holds) and the blog's address prefix. */
const adoptionConfig = exampleConfigWith({ adoptAddressPrefix: "app" });

/** A second ALB behind the example's static IPs. */
const SECOND_ALB = "internal-admin-987654321.us-east-1.elb.amazonaws.com";

/** Configs planned against the deployed example stack, by module name. */
const changedConfigs = {
  same_config: exampleConfigWith({}),
  adoption_config_kept: adoptionConfig,
  ports_reordered: exampleConfigWith({ ports: [{ port: 443 }, { port: 80 }] }),
  function_setting_changed: exampleConfigWith({ function: { ...(example.function as object), memorySize: 256 } }),
  port_added: exampleConfigWith({ ports: [{ port: 80 }, { port: 443 }, { port: 8443, albPort: 443 }] }),
  zone_added: exampleConfigWith({
    zones: [...exampleZones, { availabilityZone: "us-east-1c", publicSubnetId: "subnet-0ccccccccccccccc4" }],
  }),
  subnet_changed: exampleConfigWith({
    zones: [
      ...exampleZones.slice(0, 2),
      { availabilityZone: "us-east-1d", publicSubnetId: "subnet-0eeeeeeeeeeeeeee5" },
    ],
  }),
  cross_zone_off: exampleConfigWith({ crossZone: false }),
  port_moved_to_second_alb: exampleConfigWith({ ports: [{ port: 80 }, { port: 443, albDnsName: SECOND_ALB }] }),
  second_alb_port_added: exampleConfigWith({
    ports: [{ port: 80 }, { port: 443 }, { port: 8443, albPort: 443, albDnsName: SECOND_ALB }],
  }),
  // Both replace the NLB, which its protection refuses (refusedConfigs); these show what the plan is without it.
  prefix_changed: exampleConfigWith({ namePrefix: "shop", protectLoadBalancer: false }),
  zone_removed: exampleConfigWith({ zones: exampleZones.slice(0, 2), protectLoadBalancer: false }),
  switched_to_alb: exampleAlbModeConfigWith({}),
  // Attaching the first security group replaces the NLB, which its protection refuses (refusedConfigs).
  allowlist_added: exampleConfigWith({ allowedSources: ["203.0.113.0/24"], protectLoadBalancer: false }),
  // Fixed IPv6 addresses change every subnet mapping, which replaces the NLB (refusedConfigs).
  dualstack_turned_on: exampleDualStackConfigWith({ protectLoadBalancer: false }),
  switched_to_internal: exampleInternalConfigWith({ protectLoadBalancer: false }),
};

/** A deployed dual-stack stack, each zone at its fixed IPv6 address. */
const deployedDualStackConfig = exampleDualStackConfigWith({});
/** `EXAMPLE_IPV6_ADDRESSES` with us-east-1b's changed. */
const otherIpv6Addresses = EXAMPLE_IPV6_ADDRESSES.map((address, index) =>
  index === 1 ? "2600:1f18:4a3:6a02::20" : address,
);

/** Configs planned against that stack, by module name. */
const dualStackChangedConfigs = {
  dualstack_same_config: deployedDualStackConfig,
  dualstack_written_otherwise: exampleDualStackConfigWith({
    zones: exampleZonesWith((index) => ({
      ipv6Address: EXAMPLE_IPV6_ADDRESSES[index].replace("::", ":0:0:0:").toUpperCase(),
    })),
  }),
  dualstack_zone_added: exampleDualStackConfigWith({
    zones: [
      ...exampleZonesWith((index) => ({ ipv6Address: EXAMPLE_IPV6_ADDRESSES[index] })),
      {
        availabilityZone: "us-east-1c",
        publicSubnetId: "subnet-0ccccccccccccccc4",
        ipv6Address: "2600:1f18:4a3:6a03::10",
      },
    ],
  }),
  dualstack_sources_added: exampleDualStackConfigWith({
    allowedSources: ["203.0.113.0/24", "2001:db8::/32"],
    protectLoadBalancer: false,
  }),
  ipv6_address_changed: exampleDualStackConfigWith({
    zones: exampleZonesWith((index) => ({ ipv6Address: otherIpv6Addresses[index] })),
    protectLoadBalancer: false,
  }),
  dualstack_turned_off: exampleConfigWith({ protectLoadBalancer: false }),
};

/** A deployed stack of the ALB itself as the target (targets alb), created with an allowlist. */
const allowlist = ["203.0.113.0/24"];
const deployedAlbModeConfig = exampleAlbModeConfigWith({ allowedSources: allowlist });

/** Configs planned against that stack, by module name. */
const albModeChangedConfigs = {
  alb_same_config: deployedAlbModeConfig,
  switched_to_sync: exampleConfigWith({ allowedSources: allowlist }),
  sources_changed: exampleAlbModeConfigWith({ allowedSources: ["198.51.100.0/24"] }),
};

/** Configs planned with nothing deployed. */
const newConfigs = {
  new_alb_with_allowlist: exampleAlbModeConfigWith({
    allowedSources: ["203.0.113.0/24"],
    albSecurityGroupId: "sg-0123456789abcdef0",
  }),
  new_internal_dualstack_alb: exampleInternalConfigWith(
    inAlbMode({
      ipAddressType: "dualstack",
      zones: exampleZonesWith((index) => ({
        privateIpv4Address: ["10.0.1.10", "10.0.2.10", "10.0.4.10"][index],
        ipv6Address: EXAMPLE_IPV6_ADDRESSES[index],
      })),
      allowedSources: ["10.20.0.0/16", "2001:db8::/32"],
    }),
  ),
};

/** Configs planned against the deployed example stack with every protection on, as by default. */
const refusedConfigs = {
  prefix_changed_protected: exampleConfigWith({ namePrefix: "shop" }),
  zone_removed_protected: exampleConfigWith({ zones: exampleZones.slice(0, 2) }),
  allowlist_added_protected: exampleConfigWith({ allowedSources: allowlist }),
  dualstack_turned_on_protected: exampleDualStackConfigWith({}),
  switched_to_internal_protected: exampleInternalConfigWith({}),
};

/** Configs planned against the deployed dual-stack stack with every protection on. */
const dualStackRefusedConfigs = {
  ipv6_address_changed_protected: exampleDualStackConfigWith({
    zones: exampleZonesWith((index) => ({ ipv6Address: otherIpv6Addresses[index] })),
  }),
  dualstack_turned_off_protected: exampleConfigWith({}),
};

/** Configs planned against the deployed alb-mode stack (with its allowlist) with every protection on. */
const albModeRefusedConfigs = {
  allowlist_removed_protected: exampleAlbModeConfigWith({}),
};

/** The deployed example stack taken down (`cdktf destroy`): with its protections off, and as deployed. */
const takenDownConfigs = {
  taken_down: exampleConfigWith({ protectStaticIps: false, protectLoadBalancer: false }),
  taken_down_protected: exampleConfigWith({}),
};

/** A deployment made from the blog's Terraform, its variables set to the same values. */
const blogDeployment: Configuration = {
  dir: blogDeploymentDir(),
  variables: {
    vpc_id: adoptionConfig.vpcId,
    alb_dns_name: adoptionConfig.albDnsName,
    ...Object.fromEntries(
      adoptionConfig.zones.map((zone) => [
        `public_subnet_${zone.availabilityZone.replace(/-/g, "_")}`,
        zone.publicSubnetId,
      ]),
    ),
  },
};

const stacks = (configs: Record<string, StaticIpConfig>): Record<string, Configuration> =>
  Object.fromEntries(Object.entries(configs).map(([name, config]) => [name, { dir: synthStackToDisk(config) }]));

/** Every change but the no-ops, as address → actions (`"update"`, `"delete,create"` for a replacement, …). */
function actionsOf(changes: readonly PlannedChange[]): Record<string, string> {
  return Object.fromEntries(
    changes
      .filter((change) => change.actions.join() !== "no-op")
      .map((change) => [change.address, change.actions.join()]),
  );
}

/** What customers see: the static IPs, the NLB, its target groups and listeners; and the function's state. */
const CUSTOMER_FACING = /^aws_(eip|lb|lb_target_group|lb_listener|s3_bucket)\./;

describeWithTerraform("plans against deployed stacks", () => {
  let plan: TerraformPlan;
  let refusals: string[];
  let takeDown: TerraformPlan;
  let takeDownRefusals: string[];

  beforeAll(async () => {
    const deployedStack = synthStackToDisk(exampleConfigWith({}));
    const awsProvider = stackProviderSettings(deployedStack);
    const fixtures = await sideBySide(
      {
        deployed: { dir: deployedStack },
        deployed_alb: { dir: synthStackToDisk(deployedAlbModeConfig) },
        deployed_dualstack: { dir: synthStackToDisk(deployedDualStackConfig) },
        blog: blogDeployment,
      },
      awsProvider,
    );
    // Applying twice: values made up at creation (ARNs) reach the values computed from them (policies) on the second.
    const deployedStates = (async () => {
      const [schemas, created] = await Promise.all([resourceSchemas(fixtures), planSideBySide(fixtures)]);
      const applied = appliedState(created, schemas);
      return reappliedState(applied, await planSideBySide(fixtures, applied), schemas);
    })();
    // Synthesized while Terraform makes the states.
    const changed = sideBySide(
      {
        ...stacks(changedConfigs),
        ...stacks(albModeChangedConfigs),
        ...stacks(dualStackChangedConfigs),
        ...stacks(newConfigs),
        blog_adopted: { dir: synthStackToDisk(adoptionConfig) },
      },
      awsProvider,
    );
    const refused = sideBySide(
      { ...stacks(refusedConfigs), ...stacks(albModeRefusedConfigs), ...stacks(dualStackRefusedConfigs) },
      awsProvider,
    );
    const takenDown = sideBySide(stacks(takenDownConfigs), awsProvider);

    const deployed = await deployedStates;
    const deployedAs = (names: readonly string[]) =>
      names.flatMap((name) => moduleResources(deployed, "deployed", name));
    [plan, refusals, [takeDown, takeDownRefusals]] = await Promise.all([
      planSideBySide(
        await changed,
        stateWith([
          ...deployedAs(Object.keys(changedConfigs)),
          ...Object.keys(albModeChangedConfigs).flatMap((name) => moduleResources(deployed, "deployed_alb", name)),
          ...Object.keys(dualStackChangedConfigs).flatMap((name) =>
            moduleResources(deployed, "deployed_dualstack", name),
          ),
          ...moduleResources(deployed, "blog", "blog_adopted"),
        ]),
      ),
      refused.then((root) =>
        refusedDestroys(
          root,
          stateWith([
            ...deployedAs(Object.keys(refusedConfigs)),
            ...Object.keys(albModeRefusedConfigs).flatMap((name) => moduleResources(deployed, "deployed_alb", name)),
            ...Object.keys(dualStackRefusedConfigs).flatMap((name) =>
              moduleResources(deployed, "deployed_dualstack", name),
            ),
          ]),
        ),
      ),
      // One root, two plans in turn: the protected module's refusal would stop the other's plan.
      takenDown.then(
        async (root) =>
          [
            await planSideBySide(root, stateWith(deployedAs(["taken_down"])), "-destroy"),
            await refusedDestroys(root, stateWith(deployedAs(["taken_down_protected"])), "-destroy"),
          ] as const,
      ),
    ]);
  }, 600_000);

  describe("a deployed stack planned again", () => {
    it("changes nothing with the same config", () => {
      expect(actionsOf(changesIn(plan, "same_config"))).toEqual({});
    });

    it("changes nothing when adoptAddressPrefix names addresses the state does not hold", () => {
      expect(actionsOf(changesIn(plan, "adoption_config_kept"))).toEqual({});
    });

    it("changes nothing when the ports are listed in another order", () => {
      expect(actionsOf(changesIn(plan, "ports_reordered"))).toEqual({});
    });

    it("updates only the function when a function setting changes", () => {
      expect(actionsOf(changesIn(plan, "function_setting_changed"))).toEqual({
        "aws_lambda_function.static_lb_sync": "update",
      });
    });

    it("adds a port's target group and listener, and gives the function the new group", () => {
      expect(actionsOf(changesIn(plan, "port_added"))).toEqual({
        "aws_lb_target_group.public_8443": "create",
        "aws_lb_listener.public_8443": "create",
        "aws_lambda_function.static_lb_sync": "update",
        "aws_iam_role_policy.static_lb_lambda": "update",
      });
    });

    it("moves a port to a second ALB by changing only the function's environment", () => {
      expect(actionsOf(changesIn(plan, "port_moved_to_second_alb"))).toEqual({
        "aws_lambda_function.static_lb_sync": "update",
      });
    });

    it("adds a port of a second ALB without touching an Elastic IP, the NLB, or a deployed target group or listener", () => {
      expect(actionsOf(changesIn(plan, "second_alb_port_added"))).toEqual({
        "aws_lb_target_group.public_8443": "create",
        "aws_lb_listener.public_8443": "create",
        "aws_lambda_function.static_lb_sync": "update",
        "aws_iam_role_policy.static_lb_lambda": "update",
      });
    });

    it("adds a zone's Elastic IP and maps it onto the NLB in place, and tells the function the zone", () => {
      expect(actionsOf(changesIn(plan, "zone_added"))).toEqual({
        "aws_eip.us_east_1c": "create",
        "aws_lb.public": "update",
        "aws_lambda_function.static_lb_sync": "update",
      });
    });

    it("moves a zone of the NLB to a new subnet in place, keeping the zone's Elastic IP", () => {
      expect(actionsOf(changesIn(plan, "subnet_changed"))).toEqual({ "aws_lb.public": "update" });
    });

    it("turns cross-zone load balancing off on the NLB in place, and tells the function", () => {
      expect(actionsOf(changesIn(plan, "cross_zone_off"))).toEqual({
        "aws_lb.public": "update",
        "aws_lambda_function.static_lb_sync": "update",
      });
    });

    it("refuses a new namePrefix while the NLB is protected, since AWS cannot rename an NLB, only replace it", () => {
      expect(refusals.filter((address) => address.startsWith("module.prefix_changed_protected."))).toEqual([
        "module.prefix_changed_protected.aws_lb.public",
      ]);
    });

    it("keeps every Elastic IP under a new namePrefix, retagged, when the NLB may be replaced", () => {
      expect(actionsOf(changesIn(plan, "prefix_changed"))).toEqual({
        "aws_eip.us_east_1a": "update",
        "aws_eip.us_east_1b": "update",
        "aws_eip.us_east_1d": "update",
        "aws_lb.public": "delete,create",
        "aws_lb_target_group.public_80": "delete,create",
        "aws_lb_target_group.public_443": "delete,create",
        "aws_lb_listener.public_80": "delete,create",
        "aws_lb_listener.public_443": "delete,create",
        "aws_cloudwatch_event_rule.cron_minute": "delete,create",
        "aws_cloudwatch_event_target.static_lb_sync": "delete,create",
        "aws_cloudwatch_log_group.static_lb_sync": "delete,create",
        "aws_iam_role.static_lb_lambda": "delete,create",
        "aws_iam_role_policy.static_lb_lambda": "delete,create",
        "aws_lambda_function.static_lb_sync": "delete,create",
        "aws_lambda_permission.allow_cloudwatch": "delete,create",
        "aws_lambda_function_event_invoke_config.static_lb_sync": "delete,create",
      });
    });

    it("refuses to remove a zone while the NLB is protected, since taking a subnet off an NLB replaces it", () => {
      expect(refusals.filter((address) => address.startsWith("module.zone_removed_protected."))).toEqual([
        "module.zone_removed_protected.aws_lb.public",
      ]);
    });

    it("releases the removed zone's Elastic IP, named by its zone, and no other, when the NLB may be replaced", () => {
      expect(actionsOf(changesIn(plan, "zone_removed"))).toEqual({
        "aws_eip.us_east_1d": "delete",
        "aws_lambda_function.static_lb_sync": "update",
        "aws_lb.public": "delete,create",
        "aws_lb_listener.public_80": "delete,create",
        "aws_lb_listener.public_443": "delete,create",
      });
    });
  });

  describe("a deployed stack switched between the sync function and the ALB itself as the target", () => {
    /** The function and its state bucket, which only sync mode has. */
    const syncResources = (action: string) => ({
      "aws_cloudwatch_event_rule.cron_minute": action,
      "aws_cloudwatch_event_target.static_lb_sync": action,
      "aws_cloudwatch_log_group.static_lb_sync": action,
      "aws_iam_role.static_lb_lambda": action,
      "aws_iam_role_policy.static_lb_lambda": action,
      "aws_lambda_function.static_lb_sync": action,
      "aws_lambda_function_event_invoke_config.static_lb_sync": action,
      "aws_lambda_permission.allow_cloudwatch": action,
      "aws_s3_bucket.static_lb": action,
      "aws_s3_bucket_lifecycle_configuration.static_lb": action,
      "aws_s3_bucket_ownership_controls.static_lb": action,
      "aws_s3_bucket_policy.static_lb": action,
      "aws_s3_bucket_public_access_block.static_lb": action,
      "aws_s3_bucket_server_side_encryption_configuration.static_lb": action,
      "aws_s3_bucket_versioning.static_lb": action,
    });

    it("to alb: keeps the Elastic IPs and the NLB, moves each listener onto a new alb target group, drops the function", () => {
      expect(actionsOf(changesIn(plan, "switched_to_alb"))).toEqual({
        "aws_lb_target_group.public_80": "delete",
        "aws_lb_target_group.public_443": "delete",
        "aws_lb_target_group.alb_80": "create",
        "aws_lb_target_group.alb_443": "create",
        "aws_lb_target_group_attachment.alb_80": "create",
        "aws_lb_target_group_attachment.alb_443": "create",
        "aws_lb_listener.public_80": "update",
        "aws_lb_listener.public_443": "update",
        ...syncResources("delete"),
      });
    });

    it("to alb: deletes the state bucket, state files and all, the deployed bucket being force_destroy", () => {
      const bucket = plan.resource_changes?.find(
        (change) => change.address === "module.switched_to_alb.aws_s3_bucket.static_lb",
      );

      expect(bucket?.change).toMatchObject({ actions: ["delete"], before: { force_destroy: true } });
    });

    it("back to sync: keeps the Elastic IPs, the NLB and its allowlist, moves each listener onto a new IP target group", () => {
      expect(actionsOf(changesIn(plan, "switched_to_sync"))).toEqual({
        "aws_lb_target_group.alb_80": "delete",
        "aws_lb_target_group.alb_443": "delete",
        "aws_lb_target_group_attachment.alb_80": "delete",
        "aws_lb_target_group_attachment.alb_443": "delete",
        "aws_lb_target_group.public_80": "create",
        "aws_lb_target_group.public_443": "create",
        "aws_lb_listener.public_80": "update",
        "aws_lb_listener.public_443": "update",
        ...syncResources("create"),
      });
    });

    it("changes nothing when an alb-mode stack is planned again with the same config", () => {
      expect(actionsOf(changesIn(plan, "alb_same_config"))).toEqual({});
    });
  });

  describe("an allowlist (allowedSources)", () => {
    it("refused on a deployed NLB without security groups while the NLB is protected, since AWS would replace it", () => {
      expect(refusals.filter((address) => address.startsWith("module.allowlist_added_protected."))).toEqual([
        "module.allowlist_added_protected.aws_lb.public",
      ]);
    });

    it("on a deployed NLB without security groups, replaces the NLB, keeping its Elastic IPs, when it may be replaced", () => {
      expect(actionsOf(changesIn(plan, "allowlist_added"))).toEqual({
        "terraform_data.nlb_security_groups": "delete,create",
        "aws_security_group.public": "create",
        "aws_lb.public": "delete,create",
        "aws_lb_listener.public_80": "delete,create",
        "aws_lb_listener.public_443": "delete,create",
      });
    });

    it("changes its sources in place, keeping the NLB", () => {
      expect(actionsOf(changesIn(plan, "sources_changed"))).toEqual({ "aws_security_group.public": "update" });
    });

    it("removed from an NLB created with it is refused while the NLB is protected, since AWS would replace it", () => {
      expect(refusals.filter((address) => address.startsWith("module.allowlist_removed_protected."))).toEqual([
        "module.allowlist_removed_protected.aws_lb.public",
      ]);
    });

    it("on a new deployment creates the NLB with its security group, and the rule on the ALB's", () => {
      expect(actionsOf(changesIn(plan, "new_alb_with_allowlist"))).toEqual({
        "aws_eip.us_east_1a": "create",
        "aws_eip.us_east_1b": "create",
        "aws_eip.us_east_1d": "create",
        "aws_lb.public": "create",
        "aws_lb_listener.public_80": "create",
        "aws_lb_listener.public_443": "create",
        "aws_lb_target_group.alb_80": "create",
        "aws_lb_target_group.alb_443": "create",
        "aws_lb_target_group_attachment.alb_80": "create",
        "aws_lb_target_group_attachment.alb_443": "create",
        "aws_security_group.public": "create",
        "aws_vpc_security_group_ingress_rule.alb_from_nlb_80": "create",
        "aws_vpc_security_group_ingress_rule.alb_from_nlb_443": "create",
        "terraform_data.nlb_security_groups": "create",
      });
    });

    it("is not planned for an adopted blog deployment by default", () => {
      const adopted = changesIn(plan, "blog_adopted");
      expect(adopted.filter((change) => /^aws_(vpc_)?security_group/.test(change.address))).toEqual([]);
      expect([["no-op"], ["update"]]).toContainEqual(
        adopted.find((change) => change.address === "aws_lb.public")?.actions,
      );
    });
  });

  describe("a dual-stack NLB (ipAddressType dualstack)", () => {
    /** The zones' address records, which replace the NLB when a fixed address changes. */
    const addressRecords = (action: string, zones = ["us_east_1a", "us_east_1b", "us_east_1d"]) =>
      Object.fromEntries(zones.map((zone) => [`terraform_data.nlb_addresses_${zone}`, action]));
    /** The NLB replaced, with the listeners on it, keeping every Elastic IP. */
    const nlbReplaced = {
      "aws_lb.public": "delete,create",
      "aws_lb_listener.public_80": "delete,create",
      "aws_lb_listener.public_443": "delete,create",
    };

    it("turned on for a deployed IPv4 stack is refused while the NLB is protected, AWS fixing IPv6 addresses only in a new NLB", () => {
      expect(refusals.filter((address) => address.startsWith("module.dualstack_turned_on_protected."))).toEqual([
        "module.dualstack_turned_on_protected.aws_lb.public",
      ]);
    });

    it("turned on for a deployed IPv4 stack replaces the NLB, keeping its Elastic IPs, when it may be replaced", () => {
      expect(actionsOf(changesIn(plan, "dualstack_turned_on"))).toEqual({
        "terraform_data.nlb_security_groups": "delete,create",
        ...addressRecords("create"),
        ...nlbReplaced,
      });
    });

    it("changes nothing when a dual-stack stack is planned again, its IPv6 addresses however written", () => {
      expect(actionsOf(changesIn(plan, "dualstack_same_config"))).toEqual({});
      expect(actionsOf(changesIn(plan, "dualstack_written_otherwise"))).toEqual({});
    });

    it("adds a zone with its Elastic IP and IPv6 address to the NLB in place", () => {
      expect(actionsOf(changesIn(plan, "dualstack_zone_added"))).toEqual({
        "aws_eip.us_east_1c": "create",
        ...addressRecords("create", ["us_east_1c"]),
        "aws_lb.public": "update",
        "aws_lambda_function.static_lb_sync": "update",
      });
    });

    it("refuses a zone's new IPv6 address while the NLB is protected, AWS keeping a zone's addresses for the NLB's life", () => {
      expect(refusals.filter((address) => address.startsWith("module.ipv6_address_changed_protected."))).toEqual([
        "module.ipv6_address_changed_protected.aws_lb.public",
      ]);
    });

    it("gives a zone a new IPv6 address by replacing the NLB, keeping its Elastic IPs, when it may be replaced", () => {
      expect(actionsOf(changesIn(plan, "ipv6_address_changed"))).toEqual({
        ...addressRecords("delete,create", ["us_east_1b"]),
        ...nlbReplaced,
      });
    });

    it("turned off is refused while the NLB is protected, and replaces it, keeping its Elastic IPs, when it may be", () => {
      expect(refusals.filter((address) => address.startsWith("module.dualstack_turned_off_protected."))).toEqual([
        "module.dualstack_turned_off_protected.aws_lb.public",
      ]);
      expect(actionsOf(changesIn(plan, "dualstack_turned_off"))).toEqual({
        "terraform_data.nlb_security_groups": "delete,create",
        ...addressRecords("delete"),
        ...nlbReplaced,
      });
    });

    it("with IPv6 sources added, gives the NLB a security group like any allowlist, replacing it", () => {
      expect(actionsOf(changesIn(plan, "dualstack_sources_added"))).toEqual({
        "terraform_data.nlb_security_groups": "delete,create",
        "aws_security_group.public": "create",
        ...nlbReplaced,
      });
    });

    it("releases no Elastic IP in any of these changes", () => {
      const names = ["dualstack_turned_on", ...Object.keys(dualStackChangedConfigs)];
      const released = names.flatMap((name) =>
        changesIn(plan, name).filter(
          (change) => change.address.startsWith("aws_eip.") && change.actions.includes("delete"),
        ),
      );
      expect(released).toEqual([]);
    });
  });

  describe("an internal NLB (scheme internal)", () => {
    it("switched to from a deployed internet-facing stack is refused while the NLB is protected, AWS setting the scheme at creation", () => {
      expect(refusals.filter((address) => address.startsWith("module.switched_to_internal_protected."))).toEqual([
        "module.switched_to_internal_protected.aws_lb.public",
      ]);
    });

    it("switched to releases the Elastic IPs, which protectStaticIps false (required for internal) allows, and replaces the NLB", () => {
      expect(actionsOf(changesIn(plan, "switched_to_internal"))).toEqual({
        "aws_eip.us_east_1a": "delete",
        "aws_eip.us_east_1b": "delete",
        "aws_eip.us_east_1d": "delete",
        "terraform_data.nlb_addresses_us_east_1a": "create",
        "terraform_data.nlb_addresses_us_east_1b": "create",
        "terraform_data.nlb_addresses_us_east_1d": "create",
        "aws_lb.public": "delete,create",
        "aws_lb_listener.public_80": "delete,create",
        "aws_lb_listener.public_443": "delete,create",
      });
    });

    it("on a new deployment, dual-stack with the ALB as the target, creates the NLB, no Elastic IP, and its address records", () => {
      expect(actionsOf(changesIn(plan, "new_internal_dualstack_alb"))).toEqual({
        "aws_lb.public": "create",
        "aws_lb_listener.public_80": "create",
        "aws_lb_listener.public_443": "create",
        "aws_lb_target_group.alb_80": "create",
        "aws_lb_target_group.alb_443": "create",
        "aws_lb_target_group_attachment.alb_80": "create",
        "aws_lb_target_group_attachment.alb_443": "create",
        "aws_security_group.public": "create",
        "terraform_data.nlb_security_groups": "create",
        "terraform_data.nlb_addresses_us_east_1a": "create",
        "terraform_data.nlb_addresses_us_east_1b": "create",
        "terraform_data.nlb_addresses_us_east_1d": "create",
      });
    });
  });

  describe("a blog deployment adopted with adoptAddressPrefix", () => {
    it("moves the Elastic IPs, the NLB, its target groups and listeners from the blog's addresses", () => {
      const moves = changesIn(plan, "blog_adopted").filter((change) => change.previousAddress);

      expect(Object.fromEntries(moves.map((change) => [change.previousAddress, change.address]))).toEqual({
        "aws_eip.app_us_east_1a": "aws_eip.us_east_1a",
        "aws_eip.app_us_east_1b": "aws_eip.us_east_1b",
        "aws_eip.app_us_east_1d": "aws_eip.us_east_1d",
        "aws_lb.app_public": "aws_lb.public",
        "aws_lb_target_group.app_public_80": "aws_lb_target_group.public_80",
        "aws_lb_target_group.app_public_443": "aws_lb_target_group.public_443",
        "aws_lb_listener.app_public_80": "aws_lb_listener.public_80",
        "aws_lb_listener.app_public_443": "aws_lb_listener.public_443",
      });
    });

    it("replaces or deletes none of the Elastic IPs, the NLB, its target groups and listeners, or the bucket", () => {
      const customerFacing = changesIn(plan, "blog_adopted").filter((change) => CUSTOMER_FACING.test(change.address));

      expect(customerFacing).toHaveLength(3 + 1 + 2 + 2 + 1);
      for (const change of customerFacing) expect([["no-op"], ["update"]]).toContainEqual(change.actions);
    });

    it("lets Terraform delete the blog's bucket whole from then on, in place", () => {
      const bucket = plan.resource_changes?.find(
        (change) => change.address === "module.blog_adopted.aws_s3_bucket.static_lb",
      );

      expect(bucket?.change).toMatchObject({
        actions: ["update"],
        before: { force_destroy: false },
        after: { force_destroy: true },
      });
    });

    it("swaps the blog's functions for the one function, with a new role and rule, and completes the bucket", () => {
      const rest = changesIn(plan, "blog_adopted").filter((change) => !CUSTOMER_FACING.test(change.address));

      expect(actionsOf(rest)).toEqual({
        "aws_lambda_function.static_lb_updater_80": "delete",
        "aws_lambda_function.static_lb_updater_443": "delete",
        "aws_cloudwatch_event_target.static_lb_updater_80": "delete",
        "aws_cloudwatch_event_target.static_lb_updater_443": "delete",
        "aws_lambda_permission.allow_cloudwatch_80": "delete",
        "aws_lambda_permission.allow_cloudwatch_443": "delete",
        "aws_iam_role.static_lb_lambda": "delete,create",
        "aws_iam_role_policy.static_lb_lambda": "delete,create",
        "aws_cloudwatch_event_rule.cron_minute": "delete,create",
        "aws_lambda_function.static_lb_sync": "create",
        "aws_cloudwatch_log_group.static_lb_sync": "create",
        "aws_cloudwatch_event_target.static_lb_sync": "create",
        "aws_lambda_permission.allow_cloudwatch": "create",
        "aws_s3_bucket_ownership_controls.static_lb": "create",
        "aws_s3_bucket_policy.static_lb": "create",
        "aws_s3_bucket_public_access_block.static_lb": "create",
        "aws_s3_bucket_server_side_encryption_configuration.static_lb": "create",
        "aws_s3_bucket_versioning.static_lb": "create",
        "aws_s3_bucket_lifecycle_configuration.static_lb": "create",
        "aws_lambda_function_event_invoke_config.static_lb_sync": "create",
        "terraform_data.nlb_security_groups": "create",
      });
    });
  });

  describe("a deployed stack taken down", () => {
    it("deletes every resource, the state bucket with its state files, once its protections are off", () => {
      const deployedAddresses = changesIn(plan, "same_config").map((change) => change.address);
      const bucket = takeDown.resource_changes?.find(
        (change) => change.address === "module.taken_down.aws_s3_bucket.static_lb",
      );

      expect(actionsOf(changesIn(takeDown, "taken_down"))).toEqual(
        Object.fromEntries(deployedAddresses.map((address) => [address, "delete"])),
      );
      expect(bucket?.change.before).toMatchObject({ force_destroy: true });
    });

    it("is refused while protected, naming the Elastic IPs and the NLB", () => {
      expect(takeDownRefusals.sort()).toEqual(
        ["aws_eip.us_east_1a", "aws_eip.us_east_1b", "aws_eip.us_east_1d", "aws_lb.public"].map(
          (address) => `module.taken_down_protected.${address}`,
        ),
      );
    });
  });
});
