/**
 * The pure core: from the ALB's IPs (as discovered this run), the target group's registered targets and the state
 * stored by the previous run, decide what to register, what to deregister and what to remember. No I/O, no SDK.
 */

/** Target states as ELBv2's DescribeTargetHealth reports them. */
export type TargetState =
  | "initial"
  | "healthy"
  | "unhealthy"
  | "unhealthy.draining"
  | "unused"
  | "draining"
  | "unavailable";

export interface RegisteredTarget {
  readonly ip: string;
  readonly port: number;
  readonly state: TargetState;
  /** ELB's reason code for a state other than healthy, e.g. `Target.NotInUse`. */
  readonly reason?: string;
  /** The zone ELB places the target in (`all` for a target outside the VPC). */
  readonly availabilityZone?: string;
}

/** What a run remembers for the next one, per target group. */
export interface TargetGroupState {
  /** The ALB's IPs as discovered by the run. */
  readonly activeIps: readonly string[];
  /**
   * Runs in a row each IP has been missing from DNS while still counted as ours, up to `runsBeforeDeregistration`:
   * an IP at the limit is due, deregistered by every run until ELB shows it leaving.
   */
  readonly pendingDeregistration: Readonly<Record<string, number>>;
  /** When a run last counted misses (changed the counters); undefined until one has. */
  readonly missesCountedAt: Date | undefined;
}

/** What the previous run stored: its state, with no active list on the very first run. */
export type StoredState = Omit<TargetGroupState, "activeIps"> & { readonly activeIps: readonly string[] | undefined };

export interface PlanInput {
  /** The ALB's IPs found this run; never empty (an empty discovery is a failure, handled before planning). */
  readonly albIps: ReadonlySet<string>;
  /** The target group's targets, every port. */
  readonly targets: readonly RegisteredTarget[];
  readonly stored: StoredState;
  /** The ALB port targets are registered with; targets on other ports are not ours and are left alone. */
  readonly port: number;
  /** An IP is deregistered on this many runs in a row missing from DNS. */
  readonly runsBeforeDeregistration: number;
  /** When this run started. */
  readonly now: Date;
  /** Seconds between two scheduled runs: a run within half of it of the last counted miss counts none. */
  readonly schedulePeriodSeconds: number;
}

export interface TargetChanges {
  /** IPs to register: in DNS but not (or no longer) in service in the target group. */
  readonly register: readonly string[];
  /** IPs to deregister: missing from DNS for `runsBeforeDeregistration` runs. */
  readonly deregister: readonly string[];
  /** The state to store for the next run. */
  readonly next: TargetGroupState;
  /** What of `next` differs from the stored state. Neither, with nothing to register or deregister, is a quiet run. */
  readonly changed: { readonly activeIps: boolean; readonly pendingDeregistration: boolean };
  /** In DNS and already registered: nothing to do. */
  readonly unchanged: readonly string[];
  /**
   * False when the run came within half a schedule period of the last counted miss, as a duplicate delivery does:
   * it then counted no miss.
   */
  readonly countedMisses: boolean;
}

/**
 * States in which a target is on its way out: registering it again brings it back, deregistering it again does
 * nothing. `unhealthy.draining` is an unhealthy target that is also being deregistered.
 */
const LEAVING: ReadonlySet<TargetState> = new Set(["draining", "unhealthy.draining"]);

export function planTargetChanges(input: PlanInput): TargetChanges {
  const ours = input.targets.filter((target) => target.port === input.port);
  // `unused` (e.g. its zone is not enabled on the NLB) and `unavailable` (health checks off) targets are still
  // registered: they are neither registered again nor deregistered early, only by the miss rule like the rest.
  const inService = new Set(ours.filter((target) => !LEAVING.has(target.state)).map((target) => target.ip));
  const firstRun = input.stored.activeIps === undefined;

  const register = sorted([...input.albIps].filter((ip) => !inService.has(ip)));
  const unchanged = sorted([...input.albIps].filter((ip) => inService.has(ip)));

  // Missing from DNS, and either still in service or known from the last run. Leaving targets are already going.
  const missing = new Set(
    [...inService, ...(input.stored.activeIps ?? []), ...Object.keys(input.stored.pendingDeregistration)].filter(
      (ip) => !input.albIps.has(ip) && !leavingOnly(ip, ours),
    ),
  );
  const countedMisses = !withinHalfAPeriod(input.stored.missesCountedAt, input.now, input.schedulePeriodSeconds);
  const { deregister, pendingDeregistration } = countedMisses
    ? countMisses(missing, inService, firstRun, input)
    : holdCounters(inService, firstRun, input);

  const activeIps = sorted(input.albIps);
  const countersChanged = !sameCounters(input.stored.pendingDeregistration, pendingDeregistration);
  return {
    register,
    deregister,
    unchanged,
    next: {
      activeIps,
      pendingDeregistration,
      missesCountedAt: countersChanged ? input.now : input.stored.missesCountedAt,
    },
    changed: {
      activeIps: firstRun || !sameIps(input.stored.activeIps ?? [], activeIps),
      pendingDeregistration: countersChanged,
    },
    countedMisses,
  };
}

interface MissOutcome {
  readonly deregister: string[];
  readonly pendingDeregistration: Record<string, number>;
}

/** One more miss for every missing IP; those that reach the limit and are still in service are deregistered. */
function countMisses(
  missing: ReadonlySet<string>,
  inService: ReadonlySet<string>,
  firstRun: boolean,
  input: PlanInput,
): MissOutcome {
  const deregister: string[] = [];
  const pendingDeregistration: Record<string, number> = {};
  for (const ip of sorted(missing)) {
    // Capped at the limit: an IP that reached it stays due, and is deregistered run after run (should a call fail),
    // until ELB shows it leaving or it is back in DNS; a failure never starts its count again.
    const misses = Math.min((input.stored.pendingDeregistration[ip] ?? 0) + 1, input.runsBeforeDeregistration);
    if (misses < input.runsBeforeDeregistration || firstRun) {
      pendingDeregistration[ip] = misses;
    } else if (inService.has(ip)) {
      deregister.push(ip);
      pendingDeregistration[ip] = misses;
    }
    // Otherwise it reached the limit but is no longer registered: nothing left to do, forget it.
  }
  return { deregister, pendingDeregistration };
}

/**
 * A run within half a period of the last counted miss (a duplicate delivery, a manual run) keeps the counters as
 * stored, so that no miss is counted twice in a period; it still deregisters the IPs already due that ELB has in
 * service and DNS does not.
 */
function holdCounters(inService: ReadonlySet<string>, firstRun: boolean, input: PlanInput): MissOutcome {
  const stored = input.stored.pendingDeregistration;
  const due = Object.keys(stored).filter(
    (ip) => stored[ip] >= input.runsBeforeDeregistration && inService.has(ip) && !input.albIps.has(ip),
  );
  return { deregister: firstRun ? [] : sorted(due), pendingDeregistration: { ...stored } };
}

/**
 * True when `last` is less than half a period from `now`, either way (the other way for clocks a little apart).
 * Half, not a whole period: scheduled runs come about a period apart, give or take EventBridge's seconds of jitter,
 * while duplicates come within seconds; a run taken for a duplicate only delays a count by a period, never hastens
 * one.
 */
function withinHalfAPeriod(last: Date | undefined, now: Date, periodSeconds: number): boolean {
  return last !== undefined && Math.abs(now.getTime() - last.getTime()) < (periodSeconds * 1000) / 2;
}

/**
 * True unless the run is quiet: it registers, deregisters, or stores a new IP list or new counters. Such a run writes
 * the state (which claims the group) before it changes ELB; a quiet run writes nothing.
 */
export function changesAnything(plan: TargetChanges): boolean {
  return (
    plan.register.length > 0 ||
    plan.deregister.length > 0 ||
    plan.changed.activeIps ||
    plan.changed.pendingDeregistration
  );
}

function sameIps(stored: readonly string[], current: readonly string[]): boolean {
  const set = new Set(stored);
  return set.size === current.length && current.every((ip) => set.has(ip));
}

function sameCounters(stored: Readonly<Record<string, number>>, next: Readonly<Record<string, number>>): boolean {
  const ips = Object.keys(next);
  return Object.keys(stored).length === ips.length && ips.every((ip) => stored[ip] === next[ip]);
}

/** True when the IP is in the target group only as a leaving target (so it needs nothing more from us). */
function leavingOnly(ip: string, targets: readonly RegisteredTarget[]): boolean {
  const matching = targets.filter((target) => target.ip === ip);
  return matching.length > 0 && matching.every((target) => LEAVING.has(target.state));
}

function sorted(ips: Iterable<string>): string[] {
  return [...ips].sort(compareIps);
}

/** Numeric order for IPv4 (10.0.0.9 before 10.0.0.10), text order otherwise. */
export function compareIps(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  if (pa.length === 4 && pb.length === 4 && [...pa, ...pb].every(Number.isInteger)) {
    for (let i = 0; i < 4; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
    return 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
