import type { RegisteredTarget } from "../../../functions/target-sync/plan";
import { zoneCoverage, zoneCoverageWarning } from "../../../functions/target-sync/zone-coverage";

const ZONES = ["us-east-1a", "us-east-1b", "us-east-1d"];
const target = (
  ip: string,
  availabilityZone: string,
  state: RegisteredTarget["state"] = "healthy",
  reason?: string,
) => ({
  ip,
  port: 443,
  state,
  availabilityZone,
  ...(reason ? { reason } : {}),
});

describe("zoneCoverage from the targets' zones and health", () => {
  it("finds every static IP reaching an ALB node when each NLB zone has a healthy target", () => {
    const targets = [
      target("10.0.1.5", "us-east-1a"),
      target("10.0.2.5", "us-east-1b"),
      target("10.0.4.5", "us-east-1d"),
    ];

    expect(zoneCoverage({ nlbZones: ZONES, crossZone: false, targetGroups: [{ port: 443, targets }] })).toEqual({
      cutOff: [],
      unusedIps: [],
    });
  });

  it("names the NLB zone with only unhealthy targets, and the ports it fails on, when cross-zone is off", () => {
    const targets = [
      target("10.0.1.5", "us-east-1a"),
      target("10.0.2.5", "us-east-1b"),
      target("10.0.4.5", "us-east-1d", "unhealthy", "Target.FailedHealthChecks"),
    ];

    const coverage = zoneCoverage({
      nlbZones: ZONES,
      crossZone: false,
      targetGroups: [
        { port: 80, targets },
        { port: 443, targets },
      ],
    });

    expect(coverage.cutOff).toEqual([{ zone: "us-east-1d", ports: [80, 443] }]);
  });

  it("names the ALB IPs in a zone the NLB lacks, and the NLB zone the ALB lacks", () => {
    const targets = [
      target("10.0.1.5", "us-east-1a"),
      target("10.0.2.5", "us-east-1b"),
      target("10.0.3.5", "us-east-1c", "unused", "Target.NotInUse"),
    ];

    expect(zoneCoverage({ nlbZones: ZONES, crossZone: false, targetGroups: [{ port: 443, targets }] })).toEqual({
      cutOff: [{ zone: "us-east-1d", ports: [443] }],
      unusedIps: ["10.0.3.5"],
    });
  });

  it("counts a zone whose targets are still being health-checked as reached", () => {
    const targets = ZONES.map((zone, index) => target(`10.0.${index}.5`, zone, "initial", "Elb.InitialHealthChecking"));

    expect(zoneCoverage({ nlbZones: ZONES, crossZone: false, targetGroups: [{ port: 443, targets }] }).cutOff).toEqual(
      [],
    );
  });

  it("needs one healthy target anywhere when cross-zone is on", () => {
    const oneHealthy = [target("10.0.1.5", "us-east-1a"), target("10.0.2.5", "us-east-1b", "unhealthy")];
    const noneHealthy = [target("10.0.2.5", "us-east-1b", "unhealthy")];

    expect(
      zoneCoverage({ nlbZones: ZONES, crossZone: true, targetGroups: [{ port: 443, targets: oneHealthy }] }).cutOff,
    ).toEqual([]);
    expect(
      zoneCoverage({ nlbZones: ZONES, crossZone: true, targetGroups: [{ port: 443, targets: noneHealthy }] }).cutOff,
    ).toEqual(ZONES.map((zone) => ({ zone, ports: [443] })));
  });

  it("says nothing of the zones when ELB does not report them", () => {
    const targets = [{ ip: "10.0.1.5", port: 443, state: "healthy" as const }];

    expect(zoneCoverage({ nlbZones: ZONES, crossZone: false, targetGroups: [{ port: 443, targets }] }).cutOff).toEqual(
      [],
    );
  });
});

describe("zoneCoverage from ENI discovery's zones", () => {
  it("needs no health data: an NLB zone the ALB is not in is cut off, an ALB zone the NLB lacks is unused", () => {
    const albIpZones = new Map([
      ["10.0.1.5", "us-east-1a"],
      ["10.0.2.5", "us-east-1b"],
      ["10.0.3.5", "us-east-1c"],
    ]);

    expect(
      zoneCoverage({ nlbZones: ZONES, crossZone: false, targetGroups: [{ port: 443, targets: [] }], albIpZones }),
    ).toEqual({ cutOff: [{ zone: "us-east-1d", ports: [443] }], unusedIps: ["10.0.3.5"] });
  });
});

describe("zoneCoverageWarning", () => {
  it("says what to do, in one line", () => {
    const warning = zoneCoverageWarning(
      { cutOff: [{ zone: "us-east-1d", ports: [80, 443] }], unusedIps: ["10.0.3.5"] },
      false,
    );

    expect(warning).toBe(
      "static IPs cut off: the static IP in us-east-1d reaches no ALB node on ports 80, 443; ALB IPs 10.0.3.5 are in zones the NLB does not have (Target.NotInUse): give the NLB a subnet in each of the ALB's zones (and keep its zones the ALB's), or turn crossZone on",
    );
  });

  it("is silent when every static IP reaches an ALB node", () => {
    expect(zoneCoverageWarning({ cutOff: [], unusedIps: [] }, false)).toBeUndefined();
  });
});
