import { readSyncConfig } from "../../../functions/target-sync/config";
import {
  DEFAULTS,
  ENVIRONMENT_VARIABLES,
  type SyncSettings,
  syncEnvironment,
} from "../../../functions/target-sync/contract";

const settings: SyncSettings = {
  albDnsName: "internal-app-1.us-east-1.elb.amazonaws.com",
  stateBucket: "static-lb",
  targetGroups: [
    { arn: "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/app-public-80/0123456789abcdef", port: 80 },
    {
      arn: "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/app-public-8443/fedcba9876543210",
      port: 443,
    },
  ],
  discovery: { mode: "dns" },
  maxLookupsPerRun: DEFAULTS.maxLookupsPerRun,
  runsBeforeDeregistration: DEFAULTS.runsBeforeDeregistration,
  schedulePeriodSeconds: DEFAULTS.schedulePeriodSeconds,
  publishIpCountMetric: DEFAULTS.publishIpCountMetric,
  sameVpc: DEFAULTS.sameVpc,
  nlbZones: ["us-east-1a", "us-east-1b"],
  crossZone: true,
};
const ADMIN_ALB = "internal-admin-2.us-east-1.elb.amazonaws.com";
const ADMIN_ARN = "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/admin/0a1b2c3d4e5f6789";
const albArn = "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/app-internal/50dc6c495c0c9188";

describe("the environment contract", () => {
  it.each<[string, Partial<SyncSettings>]>([
    ["the defaults", {}],
    ["a lookup cap of 50", { maxLookupsPerRun: 50 }],
    ["deregistration on the first miss", { runsBeforeDeregistration: 1 }],
    ["a schedule every 5 minutes", { schedulePeriodSeconds: 300 }],
    ["no metric", { publishIpCountMetric: false }],
    ["another VPC", { sameVpc: false }],
    ["cross-zone off", { crossZone: false }],
    ["ENI discovery", { discovery: { mode: "eni", albArn } }],
    [
      "a target group of an ALB of its own",
      { targetGroups: [settings.targetGroups[0], { ...settings.targetGroups[1], albDnsName: ADMIN_ALB }] },
    ],
    [
      "a target group of an ALB of its own, with ENI discovery",
      {
        discovery: { mode: "eni", albArn },
        targetGroups: [
          settings.targetGroups[0],
          { ...settings.targetGroups[1], albDnsName: ADMIN_ALB, albArn: ADMIN_ARN },
        ],
      },
    ],
  ])("reads back every setting it wrote, with %s", (_name, change) => {
    const written = { ...settings, ...change };

    expect(readSyncConfig(syncEnvironment(written))).toMatchObject(written);
  });

  it("writes a group of the stack's own ALB as an ARN and a port only, as before there were several ALBs", () => {
    expect(JSON.parse(syncEnvironment(settings).TARGET_GROUPS)).toEqual(
      settings.targetGroups.map(({ arn, port }) => ({ arn, port })),
    );
    expect(syncEnvironment(settings).TARGET_GROUPS).toBe(
      '[{"arn":"arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/app-public-80/0123456789abcdef","port":80},{"arn":"arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/app-public-8443/fedcba9876543210","port":443}]',
    );
  });

  it("gives every setting its own variable", () => {
    const names = Object.values(ENVIRONMENT_VARIABLES);

    expect(new Set(names).size).toBe(names.length);
  });

  it("writes only variables the contract names", () => {
    const written = Object.keys(syncEnvironment({ ...settings, discovery: { mode: "eni", albArn } }));

    expect(written.filter((name) => !(Object.values(ENVIRONMENT_VARIABLES) as string[]).includes(name))).toEqual([]);
  });
});
