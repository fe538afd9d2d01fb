/**
 * A loopback endpoint speaking the ELBv2 query API (form-encoded POST in, XML out) for the three actions the
 * function uses, with target states, a call log, injectable faults (throttling, refused IPs, failing
 * deregistrations, calls that never answer) and latency, and a timeline of requests.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { TargetState } from "../../functions/target-sync/plan";
import { delay, type TimedRequest } from "./timeline";

const XMLNS = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";

export interface FakeTarget {
  readonly ip: string;
  readonly port: number;
  state: TargetState;
  readonly availabilityZone?: string;
  /** ELB's reason code, e.g. `Target.NotInUse` or `Target.FailedHealthChecks`. */
  reason?: string;
}

export interface ElbCall {
  readonly action: string;
  readonly targetGroupArn: string;
  readonly targets: readonly { id: string; port?: number; availabilityZone?: string }[];
}

export type RefusalCode = "ValidationError" | "InvalidTarget";

const REFUSAL_MESSAGES: Record<RefusalCode, (ip: string) => string> = {
  ValidationError: (ip) => `The Availability Zone is required for IP address '${ip}' because it is not in the VPC`,
  InvalidTarget: () =>
    "The specified target does not exist, is not in the same VPC as the target group, or has an unsupported instance type.",
};

export interface FakeElb {
  readonly endpoint: string;
  readonly calls: ElbCall[];
  /** Answer the next `count` requests with a Throttling error. */
  throttle(count: number): void;
  /**
   * Refuse to register `ip`: like AWS, every RegisterTargets naming it is refused whole (400), the others in it
   * included, with AWS's code and wording for an IP outside the VPC registered without an Availability Zone
   * (`ValidationError`), or for a target it cannot take (`InvalidTarget`).
   */
  refuse(ip: string, code?: RefusalCode): void;
  /**
   * Accept every `action` request for the target group `arn` from now on and never answer it, as an endpoint that
   * hangs does; the call is still logged. The function returned answers them again, from the next request on.
   */
  hang(action: string, arn: string): () => void;
  /**
   * The zone of an IP registered without one: AWS finds it from the VPC's subnets. None by default, and then the
   * target is described without a zone.
   */
  zoneOf: (ip: string) => string | undefined;
  /** Answer every DeregisterTargets with a 500 InternalFailure, which the SDK retries, or serve normally. */
  failDeregistrations: boolean;
  /** Delay every answer this long, as a network would. */
  latencyMs: number;
  readonly timeline: TimedRequest[];
  addTargetGroup(arn: string, targets?: readonly FakeTarget[]): void;
  targets(arn: string): FakeTarget[];
  /** The IPs of the group's targets that are not draining, sorted as text. */
  inService(arn: string): string[];
  /** Lets time pass: initial targets become healthy, draining targets leave. */
  settle(): void;
  close(): Promise<void>;
}

export async function startElbServer(): Promise<FakeElb> {
  const groups = new Map<string, FakeTarget[]>();
  const calls: ElbCall[] = [];
  const timeline: TimedRequest[] = [];
  const refusals = new Map<string, RefusalCode>();
  const hanging = new Set<string>();
  let throttled = 0;

  const server = createServer((request, response) => {
    const receivedAt = performance.now();
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", async () => {
      await delay(fake.latencyMs);
      const params = new URLSearchParams(body);
      const action = params.get("Action") ?? "";
      const reply = (status: number, xml: string) => {
        timeline.push({ service: "elb", action, receivedAt, answeredAt: performance.now() });
        response.writeHead(status, { "content-type": "text/xml" }).end(xml);
      };
      if (throttled > 0) {
        throttled--;
        return reply(400, errorXml("Throttling", "Rate exceeded"));
      }
      const arn = params.get("TargetGroupArn") ?? "";
      const group = groups.get(arn);
      if (!group) return reply(400, errorXml("TargetGroupNotFound", `Target groups '${arn}' not found`));
      const targets = memberTargets(params);
      calls.push({ action, targetGroupArn: arn, targets });
      if (hanging.has(`${action} ${arn}`)) return;

      switch (action) {
        case "DescribeTargetHealth":
          return reply(200, describeXml(group));
        case "RegisterTargets": {
          const refused = targets.find((target) => refusals.has(target.id));
          const code = refused && refusals.get(refused.id);
          if (refused && code) return reply(400, errorXml(code, REFUSAL_MESSAGES[code](refused.id)));
          for (const target of targets) {
            const port = target.port ?? 0;
            const existing = group.find((entry) => entry.ip === target.id && entry.port === port);
            if (existing) existing.state = existing.state === "healthy" ? "healthy" : "initial";
            else {
              const availabilityZone = target.availabilityZone ?? fake.zoneOf(target.id);
              group.push({ ip: target.id, port, state: "initial", availabilityZone });
            }
          }
          return reply(200, emptyXml(action));
        }
        case "DeregisterTargets":
          if (fake.failDeregistrations) {
            return reply(
              500,
              errorXml(
                "InternalFailure",
                "The request processing has failed because of an unknown error, exception or failure.",
                "Receiver",
              ),
            );
          }
          for (const target of targets) {
            // Like AWS: without a Port the call matches nothing and is silently a no-op.
            const existing = group.find((entry) => entry.ip === target.id && entry.port === target.port);
            if (existing) existing.state = "draining";
          }
          return reply(200, emptyXml(action));
        default:
          return reply(400, errorXml("InvalidAction", `no action ${action}`));
      }
    });
  });
  const fake: FakeElb = {
    endpoint: "",
    calls,
    zoneOf: () => undefined,
    failDeregistrations: false,
    latencyMs: 0,
    timeline,
    throttle: (count) => (throttled = count),
    refuse: (ip, code = "ValidationError") => refusals.set(ip, code),
    hang: (action, arn) => {
      hanging.add(`${action} ${arn}`);
      return () => hanging.delete(`${action} ${arn}`);
    },
    addTargetGroup: (arn, targets = []) =>
      groups.set(
        arn,
        targets.map((target) => ({ ...target })),
      ),
    targets: (arn) => groups.get(arn) ?? [],
    inService: (arn) =>
      (groups.get(arn) ?? [])
        .filter((target) => target.state !== "draining")
        .map((target) => target.ip)
        .sort(),
    settle: () => {
      for (const [arn, group] of groups) {
        groups.set(
          arn,
          group
            .filter((target) => target.state !== "draining")
            .map((target) => ({ ...target, state: target.state === "initial" ? "healthy" : target.state })),
        );
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // A hung request's connection would otherwise hold the server open until its client gives up.
        server.closeAllConnections();
      }),
  };
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  (fake as { endpoint: string }).endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

function memberTargets(params: URLSearchParams): ElbCall["targets"] {
  const targets: { id: string; port?: number; availabilityZone?: string }[] = [];
  for (let i = 1; params.has(`Targets.member.${i}.Id`); i++) {
    const port = params.get(`Targets.member.${i}.Port`);
    const availabilityZone = params.get(`Targets.member.${i}.AvailabilityZone`);
    targets.push({
      id: params.get(`Targets.member.${i}.Id`) ?? "",
      ...(port === null ? {} : { port: Number(port) }),
      ...(availabilityZone === null ? {} : { availabilityZone }),
    });
  }
  return targets;
}

function describeXml(targets: readonly FakeTarget[]): string {
  const members = targets
    .map(
      (target) =>
        `<member><Target><Id>${target.ip}</Id><Port>${target.port}</Port>${
          target.availabilityZone ? `<AvailabilityZone>${target.availabilityZone}</AvailabilityZone>` : ""
        }</Target><HealthCheckPort>${target.port}</HealthCheckPort><TargetHealth><State>${target.state}</State>${target.reason ? `<Reason>${target.reason}</Reason>` : ""}</TargetHealth></member>`,
    )
    .join("");
  return `<DescribeTargetHealthResponse xmlns="${XMLNS}"><DescribeTargetHealthResult><TargetHealthDescriptions>${members}</TargetHealthDescriptions></DescribeTargetHealthResult><ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></DescribeTargetHealthResponse>`;
}

function emptyXml(action: string): string {
  return `<${action}Response xmlns="${XMLNS}"><${action}Result/><ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></${action}Response>`;
}

function errorXml(code: string, message: string, type: "Sender" | "Receiver" = "Sender"): string {
  return `<ErrorResponse xmlns="${XMLNS}"><Error><Type>${type}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>fake</RequestId></ErrorResponse>`;
}
