/**
 * A loopback DNS server (UDP) standing in for the ALB zone's authoritative servers: it answers A queries for an
 * ALB name the way Route 53 does, with at most 8 of the ALB's IPs picked at random per answer, and NS queries for
 * its zone with name servers that resolve to itself.
 */
import type { AddressInfo } from "node:net";
import dns2 from "dns2";
import { delay, type TimedRequest } from "./timeline";

const { Packet } = dns2;
const MAX_RECORDS = 8;
/**
 * The query timeout to give a client of this server. It answers from the test's own process, which a busy machine can
 * keep waiting for seconds; the function's 1 s default is for AWS's resolver. A server that is down (a closed port)
 * refuses at once, whatever the timeout.
 */
export const LOOPBACK_DNS_TIMEOUT_MS = 15_000;
/** RFC 1035's "name error" response code (dns2 has it at runtime but not in its types). */
const NXDOMAIN = 3;

export interface FakeDnsServer {
  readonly port: number;
  /** Sets the ALB name's IPs; answers hold 8 of them at random (all of them when there are 8 or fewer). */
  setRecords(name: string, ips: readonly string[]): void;
  /** A queries received so far. */
  readonly queries: number;
  /** Delay every answer this long, as a network would. */
  latencyMs: number;
  /** Answer the `nth` A query from now, and every one after it, `ms` late: a server that slows down. */
  slowDownFrom(nth: number, ms: number): void;
  readonly timeline: TimedRequest[];
  close(): Promise<void>;
}

export async function startDnsServer(zone?: {
  readonly name: string;
  readonly nameServers: readonly string[];
}): Promise<FakeDnsServer> {
  const records = new Map<string, readonly string[]>();
  let queries = 0;
  let port = 0;
  const timeline: TimedRequest[] = [];
  let latencyMs = 0;
  let aQueriesReceived = 0;
  let slowDown: { readonly from: number; readonly ms: number } | undefined;

  const server = dns2.createUDPServer(async (request, send) => {
    const receivedAt = performance.now();
    const number = request.questions[0]?.type === Packet.TYPE.A ? ++aQueriesReceived : undefined;
    await delay(slowDown && number !== undefined && number >= slowDown.from ? slowDown.ms : latencyMs);
    const response = Packet.createResponseFromRequest(request);
    const [question] = request.questions;
    const name = question.name.toLowerCase();
    if (question.type === Packet.TYPE.A) {
      queries++;
      const ips = records.get(name) ?? (zone?.nameServers.includes(name) ? ["127.0.0.1"] : undefined);
      if (ips === undefined) response.header.rcode = NXDOMAIN;
      for (const ip of pick(ips ?? [], MAX_RECORDS)) {
        response.answers.push(Packet.createResourceFromQuestion(question, { ttl: 60, address: ip }));
      }
    } else if (question.type === Packet.TYPE.NS && zone && name === zone.name) {
      for (const ns of zone.nameServers) {
        response.answers.push(Packet.createResourceFromQuestion(question, { ttl: 60, ns }));
      }
    } else {
      response.header.rcode = NXDOMAIN;
    }
    timeline.push({
      service: "dns",
      action: question.type === Packet.TYPE.A ? "A" : "NS",
      receivedAt,
      answeredAt: performance.now(),
    });
    send(response);
  });
  await server.listen(0, "127.0.0.1");
  port = (server.address() as AddressInfo).port;

  return {
    port,
    setRecords: (name, ips) => records.set(name.toLowerCase(), [...ips]),
    get queries() {
      return queries;
    },
    get latencyMs() {
      return latencyMs;
    },
    set latencyMs(ms) {
      latencyMs = ms;
    },
    slowDownFrom: (nth, ms) => {
      slowDown = { from: aQueriesReceived + nth, ms };
    },
    timeline,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** `count` items of `items` chosen uniformly at random (all of them, shuffled, when there are fewer). */
function pick<T>(items: readonly T[], count: number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy.slice(0, count);
}

/** `count` distinct private IPs, 10.0.x.y. */
export function albIps(count: number, offset = 0): string[] {
  return Array.from({ length: count }, (_, i) => `10.0.${Math.floor((i + offset) / 250)}.${((i + offset) % 250) + 1}`);
}
