/**
 * Finds the ALB's IPs by asking its zone's authoritative name servers directly (a caching resolver would hand back
 * the same 8 records until their TTL ran out), many times in parallel, until the stopping rule is satisfied.
 */
import { Resolver } from "node:dns/promises";
import { isIP } from "node:net";
import type { DnsServer } from "./contract";
import type { DiscoveryProgress, StoppingRule } from "./stopping-rules";

export interface DnsDiscoveryOptions {
  /** Hard cap on queries in one run (`MAX_LOOKUP_PER_INVOCATION`). */
  readonly maxLookupsPerRun: number;
  /** Per-query timeout; a query that times out is retried on the next server. */
  readonly timeoutMs: number;
  /** Queries in flight at once. */
  readonly parallelism: number;
  readonly stoppingRule: StoppingRule;
}

export interface DnsDiscovery {
  readonly ips: ReadonlySet<string>;
  readonly stats: {
    readonly queries: number;
    /** The number of the answer that brought the last new IP: how many queries finding them all took. */
    readonly queriesToLastNewIp: number;
    /** Milliseconds from the start until that answer was in. */
    readonly msToLastNewIp: number;
    /** "rule" when the stopping rule ended discovery, "cap" when MAX_LOOKUP_PER_INVOCATION did. */
    readonly stoppedBy: "rule" | "cap";
  };
  readonly warning?: string;
}

export class DnsDiscoveryError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "DnsDiscoveryError";
  }
}

/**
 * A resolver bound to one server, so that retries can move to another server on purpose; one per query, since c-ares
 * (Node 22's, from 1.32) shortens a channel's timeout to 5 times the server's average latency once it has 3 answers
 * (250 ms at least): on a shared channel, a query after a few fast answers would not get `timeoutMs`.
 */
function resolverFor(server: DnsServer, timeoutMs: number): Resolver {
  const resolver = new Resolver({ timeout: timeoutMs, tries: 1 });
  resolver.setServers([isIP(server.host) === 6 ? `[${server.host}]:${server.port}` : `${server.host}:${server.port}`]);
  return resolver;
}

/** Answers that are final: asking another server of the same zone would get the same. */
export const AUTHORITATIVE_NEGATIVE = new Set(["ENOTFOUND", "ENODATA"]);

/** Asks until the stopping rule is met, or until `deadline` aborts: then it cancels the queries in flight and fails. */
export async function discoverAlbIps(
  name: string,
  servers: readonly DnsServer[],
  options: DnsDiscoveryOptions,
  deadline?: AbortSignal,
): Promise<DnsDiscovery> {
  if (servers.length === 0) throw new DnsDiscoveryError(`no name servers to ask for ${name}`);
  const cutOff = () => new DnsDiscoveryError(`discovery of ${name} was cut off by the run's deadline`);
  if (deadline?.aborted) throw cutOff();
  const asking = new Set<Resolver>();
  const cancelQueries = () => {
    for (const resolver of asking) resolver.cancel();
  };
  deadline?.addEventListener("abort", cancelQueries, { once: true });

  async function ask(server: DnsServer): Promise<string[]> {
    const resolver = resolverFor(server, options.timeoutMs);
    asking.add(resolver);
    try {
      return await resolver.resolve4(name);
    } finally {
      asking.delete(resolver);
    }
  }

  /** One query, starting on server `first` and moving on to the next server after each failure. */
  async function query(first: number): Promise<string[]> {
    const failures: string[] = [];
    for (let attempt = 0; attempt < servers.length; attempt++) {
      const index = (first + attempt) % servers.length;
      try {
        return await ask(servers[index]);
      } catch (error) {
        if (deadline?.aborted) throw cutOff();
        const code = (error as NodeJS.ErrnoException).code ?? String(error);
        if (AUTHORITATIVE_NEGATIVE.has(code)) {
          throw new DnsDiscoveryError(`${name} has no A records (${code} from ${serverLabel(servers[index])})`);
        }
        failures.push(`${serverLabel(servers[index])}: ${code}`);
      }
    }
    throw new DnsDiscoveryError(`every name server failed for ${name} (${failures.join(", ")})`);
  }

  const started = performance.now();
  const ips = new Set<string>();
  let queriesToLastNewIp = 0;
  let msToLastNewIp = 0;
  let progress: DiscoveryProgress = { queries: 0, ipsSeen: 0, answersSinceNewIp: 0, smallestAnswer: Infinity };
  const take = (answer: readonly string[]) => {
    const before = ips.size;
    for (const ip of answer) ips.add(ip);
    const grew = ips.size > before;
    progress = {
      queries: progress.queries + 1,
      ipsSeen: ips.size,
      answersSinceNewIp: grew ? 0 : progress.answersSinceNewIp + 1,
      smallestAnswer: Math.min(progress.smallestAnswer, answer.length),
    };
    if (grew) {
      queriesToLastNewIp = progress.queries;
      msToLastNewIp = performance.now() - started;
    }
  };

  // Keep as many queries in flight as the rule still needs answers (at most `parallelism`), so that discovery
  // does not overshoot: one query first (for an ALB of fewer than 8 IPs it is the only one), then more.
  let sent = 0;
  let failure: unknown;
  const inFlight = new Set<Promise<void>>();
  const wanted = () =>
    progress.queries === 0 ? 1 : Math.min(options.parallelism, options.stoppingRule.answersStillNeeded(progress));
  for (;;) {
    while (failure === undefined && sent < options.maxLookupsPerRun && inFlight.size < wanted()) {
      const pending: Promise<void> = query(sent++)
        .then(take, (error: unknown) => {
          failure ??= error;
        })
        .finally(() => inFlight.delete(pending));
      inFlight.add(pending);
    }
    if (inFlight.size === 0) break;
    await Promise.race(inFlight);
  }
  deadline?.removeEventListener("abort", cancelQueries);
  if (failure !== undefined) throw failure;
  if (ips.size === 0) throw new DnsDiscoveryError(`${name} resolved to no IPs after ${progress.queries} queries`);
  return {
    ips,
    stats: {
      queries: progress.queries,
      queriesToLastNewIp,
      msToLastNewIp: Math.round(msToLastNewIp),
      stoppedBy: options.stoppingRule.answersStillNeeded(progress) === 0 ? "rule" : "cap",
    },
  };
}

function serverLabel(server: DnsServer): string {
  return `${server.host}:${server.port}`;
}
