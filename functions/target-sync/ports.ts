/**
 * The ports of a sync: what it needs from the world, as interfaces. The adapters (DNS, ENI, S3, ELBv2) implement
 * them; the planning core and the orchestration import only these, never an adapter.
 *
 * Every call takes the run's `deadline`, a signal that aborts when the run must stop waiting: a call then rejects at
 * once with an error naming what it was waiting for, and sends nothing more. Without one (the operator's command),
 * calls end only by their own timeouts.
 */
import type { RegisteredTarget, StoredState, TargetGroupState } from "./plan";

/** Where an ALB's IPs come from: DNS, or the ALB's network interfaces. */
export interface AlbIpSource {
  discover(deadline?: AbortSignal): Promise<AlbIpDiscovery>;
}

/** Each ALB's IP source, by the ALB's DNS name: one for every ALB the target groups are of. */
export interface AlbIpSources {
  of(albDnsName: string): AlbIpSource;
}

export interface AlbIpDiscovery {
  readonly ips: ReadonlySet<string>;
  /** Figures about how they were found (queries, API calls), for the log. */
  readonly stats: Readonly<Record<string, number | string>>;
  /** Something an operator should act on, though the IPs are usable (e.g. the lookup cap ended discovery). */
  readonly warning?: string;
  /** The zone of each IP, when the source knows it (the ALB's network interfaces do). */
  readonly zones?: ReadonlyMap<string, string>;
}

/** A target group's targets, and the two changes the sync makes to them. */
export interface TargetGroupApi {
  targets(targetGroupArn: string, deadline?: AbortSignal): Promise<RegisteredTarget[]>;
  /**
   * Registers every IP ELB takes; throws only when the call failed for a reason other than its targets (then none
   * was registered).
   */
  register(targetGroupArn: string, ips: readonly string[], port: number, deadline?: AbortSignal): Promise<Registration>;
  deregister(targetGroupArn: string, ips: readonly string[], port: number, deadline?: AbortSignal): Promise<void>;
}

export interface Registration {
  /** The IPs ELB did not take, each with its error; every other IP was registered. */
  readonly refused: Readonly<Record<string, string>>;
}

/** The versions the state was read at (ETags), so that it is written back only if nobody wrote in between. */
export interface StateVersions {
  readonly active?: string;
  readonly pending?: string;
}

export interface LoadedState {
  readonly stored: StoredState;
  readonly versions: StateVersions;
  /** When the state last changed (active.json's TimeStamp), for the operator's view. */
  readonly changedAt?: Date;
}

/** What a run writes back. */
export interface StateUpdate {
  readonly next: TargetGroupState;
  /** False leaves the stored miss counters (and their timestamp) as they are. */
  readonly countersChanged: boolean;
  /** The versions the state was read at. */
  readonly versions: StateVersions;
  /** When the run started. */
  readonly at: Date;
}

/**
 * A target group's state between runs, kept per target group and ALB: a group moved to another ALB starts a state
 * of its own (a first run), in which the old ALB's IPs are misses like any other.
 */
export interface StateStore {
  load(targetGroupArn: string, albDnsName: string, deadline?: AbortSignal): Promise<LoadedState>;
  /**
   * Writes the update only if the state is still at its versions, and throws ConcurrentRunError otherwise. It
   * claims the state even when nothing in it changed: a run about to change targets must hold it.
   */
  save(targetGroupArn: string, albDnsName: string, update: StateUpdate, deadline?: AbortSignal): Promise<void>;
}

/** Another run wrote the state after this run read it: this run must leave the target group alone. */
export class ConcurrentRunError extends Error {
  constructor(key: string) {
    super(`another run changed ${key} after this run read it; this run stopped without changing any target`);
    this.name = "ConcurrentRunError";
  }
}
