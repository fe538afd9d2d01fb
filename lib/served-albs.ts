/**
 * The ALBs behind one set of static IPs: the top-level ALB, which every port goes to unless it names an ALB of its
 * own, and those the ports name. Each is watched on its own (its IP count, its zones); an ALB of a port's own is
 * known by the first NLB port that names it, which suffixes its alarms' addresses so that the top-level ALB's keep
 * theirs.
 */

/** A port as the props give it: its NLB port, and the ALB it goes to when not the top-level one. */
export interface PortOfAlb {
  readonly port: number;
  readonly albDnsName?: string;
}

export interface ServedAlb {
  /** Its DNS name (a token of the consumer's ALB, or a literal): the function's metrics' `LoadBalancer`. */
  readonly albDnsName: string;
  /** The NLB ports that go to it, in port order. */
  readonly ports: readonly number[];
  /** The first of its ports when it is a port's own ALB; undefined for the top-level ALB. */
  readonly firstPort: number | undefined;
}

/** The ALBs some port goes to: the top-level one first (when a port goes to it), then the others by first port. */
export function servedAlbs(topLevelAlbDnsName: string, ports: readonly PortOfAlb[]): ServedAlb[] {
  const byName = new Map<string, number[]>();
  for (const { port, albDnsName = topLevelAlbDnsName } of [...ports].sort((a, b) => a.port - b.port)) {
    byName.set(albDnsName, [...(byName.get(albDnsName) ?? []), port]);
  }
  const albs = [...byName].map(([albDnsName, albPorts]) => ({
    albDnsName,
    ports: albPorts,
    firstPort: albDnsName === topLevelAlbDnsName ? undefined : albPorts[0],
  }));
  return [...albs.filter((alb) => alb.firstPort === undefined), ...albs.filter((alb) => alb.firstPort !== undefined)];
}
