/**
 * The sync's ports kept in memory, for testing the orchestration in process: each records what it was asked and
 * can be told to fail, or to never answer (until the run's deadline aborts the call, as the adapters' calls are).
 */
import type { RegisteredTarget, TargetGroupState } from "../../../functions/target-sync/plan";
import {
  type AlbIpDiscovery,
  type AlbIpSource,
  type AlbIpSources,
  ConcurrentRunError,
  type LoadedState,
  type Registration,
  type StateStore,
  type StateUpdate,
  type TargetGroupApi,
} from "../../../functions/target-sync/ports";

/** The stack's ALB's IPs; another ALB's are a source of their own in `others`, by DNS name. */
export class InMemoryAlbIps implements AlbIpSource, AlbIpSources {
  failure: Error | undefined;
  warning: string | undefined;
  /** When set, discovery answers only once this settles, as a slow DNS would. */
  answered: Promise<void> | undefined;
  readonly others = new Map<string, InMemoryAlbIps>();

  constructor(public ips: readonly string[]) {}

  of(albDnsName: string): AlbIpSource {
    return this.others.get(albDnsName) ?? this;
  }

  async discover(): Promise<AlbIpDiscovery> {
    await this.answered;
    if (this.failure) throw this.failure;
    return { ips: new Set(this.ips), stats: { queries: 1 }, ...(this.warning ? { warning: this.warning } : {}) };
  }
}

export interface TargetGroupCall {
  readonly action: "register" | "deregister";
  readonly arn: string;
  readonly ips: readonly string[];
  readonly port: number;
}

export class InMemoryTargetGroups implements TargetGroupApi {
  readonly calls: TargetGroupCall[] = [];
  /** Target groups whose targets were read, in order. */
  readonly reads: string[] = [];
  /** What fails: a target group's ARN for its reads, `register:<arn>` or `deregister:<arn>` for those calls. */
  readonly failing = new Set<string>();
  /** What never answers, named as in `failing`. */
  readonly hanging = new Set<string>();
  /** IPs ELB will not take (the in-memory port reports them refused, as the ELB adapter does). */
  readonly refusing = new Set<string>();
  /** The zone ELB places each IP registered in (AWS finds it from the VPC's subnets); none when not set. */
  readonly zones = new Map<string, string>();
  private readonly groups = new Map<string, RegisteredTarget[]>();

  /** Puts targets in a group as ELB would report them (state, reason, zone). */
  seed(arn: string, targets: readonly RegisteredTarget[]): void {
    this.groups.set(arn, [...targets]);
  }

  async targets(arn: string, deadline?: AbortSignal): Promise<RegisteredTarget[]> {
    this.reads.push(arn);
    if (this.hanging.has(arn)) await hang(`describing ${arn}`, deadline);
    if (this.failing.has(arn)) throw new Error(`cannot describe ${arn}`);
    return [...(this.groups.get(arn) ?? [])];
  }

  async register(arn: string, ips: readonly string[], port: number, deadline?: AbortSignal): Promise<Registration> {
    if (ips.length === 0) return { refused: {} };
    this.calls.push({ action: "register", arn, ips, port });
    if (this.hanging.has(`register:${arn}`)) await hang(`registering in ${arn}`, deadline);
    if (this.failing.has(`register:${arn}`)) throw new Error(`cannot register in ${arn}`);
    const taken = ips.filter((ip) => !this.refusing.has(ip));
    const group = this.groups.get(arn) ?? [];
    const registered = taken.map((ip): RegisteredTarget => {
      const availabilityZone = this.zones.get(ip);
      return { ip, port, state: "initial", ...(availabilityZone ? { availabilityZone } : {}) };
    });
    this.groups.set(arn, [...group, ...registered]);
    return {
      refused: Object.fromEntries(ips.filter((ip) => this.refusing.has(ip)).map((ip) => [ip, `${ip} is refused`])),
    };
  }

  async deregister(arn: string, ips: readonly string[], port: number): Promise<void> {
    if (ips.length === 0) return;
    this.calls.push({ action: "deregister", arn, ips, port });
    if (this.failing.has(`deregister:${arn}`)) throw new Error(`cannot deregister in ${arn}`);
    this.groups.set(
      arn,
      (this.groups.get(arn) ?? []).filter((target) => !(ips.includes(target.ip) && target.port === port)),
    );
  }
}

export class InMemoryStateStore implements StateStore {
  /** Each target group's state as last saved, whatever ALB it was saved under. */
  readonly saved = new Map<string, TargetGroupState>();
  /** Target groups whose state was read, in order. */
  readonly loads: string[] = [];
  /** Every save asked for, in order. */
  readonly updates: (StateUpdate & { readonly arn: string; readonly albDnsName: string })[] = [];
  /** Target groups whose next save loses to a concurrent run. */
  readonly superseded = new Set<string>();
  /** The state by target group and ALB, as the S3 store keys it. */
  private readonly byKey = new Map<string, TargetGroupState>();

  async load(arn: string, albDnsName: string): Promise<LoadedState> {
    this.loads.push(arn);
    const state = this.byKey.get(`${arn}/${albDnsName}`);
    return {
      stored: state ?? { activeIps: undefined, pendingDeregistration: {}, missesCountedAt: undefined },
      versions: state ? { active: "1", pending: "1" } : {},
    };
  }

  async save(arn: string, albDnsName: string, update: StateUpdate): Promise<void> {
    this.updates.push({ arn, albDnsName, ...update });
    if (this.superseded.has(arn)) throw new ConcurrentRunError(`${arn}/${albDnsName}/active.json`);
    this.saved.set(arn, update.next);
    this.byKey.set(`${arn}/${albDnsName}`, update.next);
  }
}

/** A call that never answers: it fails, naming itself, once the run's deadline aborts it. */
function hang(call: string, deadline: AbortSignal | undefined): Promise<never> {
  return new Promise((_, reject) =>
    deadline?.addEventListener("abort", () => reject(new Error(`${call} did not answer before the deadline`)), {
      once: true,
    }),
  );
}
