/**
 * Whether every static IP reaches an ALB node. Each static IP is one NLB node in one zone; without cross-zone load
 * balancing it forwards only to ALB nodes in its own zone. Pure: from the NLB's zones, the setting, and either the
 * target groups' targets (with their zones and health) or the ALB's zones as ENI discovery knows them.
 */
import type { RegisteredTarget } from "./plan";

export interface ZoneCoverageInput {
  /** The NLB's zones, one static IP each. */
  readonly nlbZones: readonly string[];
  readonly crossZone: boolean;
  /** Per target group (by the ALB port), its targets on that port. */
  readonly targetGroups: readonly { readonly port: number; readonly targets: readonly RegisteredTarget[] }[];
  /** The zone of each ALB IP, when discovery knows it (ENI discovery); then no health data is needed. */
  readonly albIpZones?: ReadonlyMap<string, string>;
}

export interface ZoneCoverage {
  /** NLB zones whose static IP reaches no ALB node, with the ports it fails on. */
  readonly cutOff: readonly { readonly zone: string; readonly ports: readonly number[] }[];
  /** ALB IPs no static IP reaches, since their zone is not one of the NLB's (ELB reports `Target.NotInUse`). */
  readonly unusedIps: readonly string[];
}

/**
 * Targets that reach, or are on their way to reach, an ALB node. `initial` is a target taking its first health
 * checks, as one registered by this very run is: it counts as on its way, not as missing, so that a first run into
 * empty target groups reports no zone cut off. Should it fail its checks, a later run sees it `unhealthy` and names
 * its zone.
 */
const REACHING = new Set(["healthy", "initial"]);

export function zoneCoverage(input: ZoneCoverageInput): ZoneCoverage {
  const nlbZones = new Set(input.nlbZones);
  if (input.albIpZones) {
    // ENI discovery knows the ALB's zones exactly: no health data needed, and the answer is the same for every port.
    const albZones = new Set(input.albIpZones.values());
    const ports = input.targetGroups.map((group) => group.port);
    const cutOff = input.crossZone
      ? albZones.size === 0
        ? input.nlbZones
        : []
      : input.nlbZones.filter((zone) => !albZones.has(zone));
    return {
      cutOff: cutOff.map((zone) => ({ zone, ports })),
      unusedIps: [...input.albIpZones].filter(([, zone]) => !nlbZones.has(zone)).map(([ip]) => ip),
    };
  }
  const cutOffPorts = new Map<string, number[]>();
  for (const group of input.targetGroups) {
    const reaching = group.targets.filter(
      (target) => REACHING.has(target.state) && target.reason !== "Target.NotInUse",
    );
    // Zones are known only when ELB reports them; where it does not, nothing can be said of the zones.
    if (reaching.some((target) => target.availabilityZone === undefined)) continue;
    const reached = new Set(reaching.map((target) => target.availabilityZone));
    const failing = input.crossZone
      ? reaching.length === 0
        ? input.nlbZones
        : []
      : input.nlbZones.filter((zone) => !reached.has(zone));
    for (const zone of failing) cutOffPorts.set(zone, [...(cutOffPorts.get(zone) ?? []), group.port]);
  }
  const unused = input.targetGroups.flatMap((group) =>
    group.targets.filter((target) => target.reason === "Target.NotInUse").map((target) => target.ip),
  );
  return {
    cutOff: input.nlbZones.flatMap((zone) => {
      const ports = cutOffPorts.get(zone);
      return ports ? [{ zone, ports }] : [];
    }),
    unusedIps: [...new Set(unused)],
  };
}

/** One line an operator can act on, or undefined when every static IP reaches an ALB node. */
export function zoneCoverageWarning(coverage: ZoneCoverage, crossZone: boolean): string | undefined {
  const parts = [
    ...coverage.cutOff.map(
      ({ zone, ports }) =>
        `the static IP in ${zone} reaches no ALB node on port${ports.length > 1 ? "s" : ""} ${ports.join(", ")}`,
    ),
    ...(coverage.unusedIps.length > 0
      ? [`ALB IPs ${coverage.unusedIps.join(", ")} are in zones the NLB does not have (Target.NotInUse)`]
      : []),
  ];
  if (parts.length === 0) return undefined;
  const advice = crossZone
    ? "check the ALB's health and its zones"
    : "give the NLB a subnet in each of the ALB's zones (and keep its zones the ALB's), or turn crossZone on";
  return `static IPs cut off: ${parts.join("; ")}: ${advice}`;
}
