/** The ELBv2 calls the function makes: read a target group's targets, register and deregister IPs in batches. */
import {
  DeregisterTargetsCommand,
  DescribeTargetHealthCommand,
  type ElasticLoadBalancingV2Client,
  ElasticLoadBalancingV2ServiceException,
  InvalidTargetException,
  RegisterTargetsCommand,
  type TargetDescription,
  TooManyRegistrationsForTargetIdException,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { describeError } from "./describe-error";
import type { RegisteredTarget, TargetState } from "./plan";
import type { Registration, TargetGroupApi } from "./ports";

export class ElbTargetGroups implements TargetGroupApi {
  constructor(
    private readonly elb: ElasticLoadBalancingV2Client,
    /** False when the ALB is in another VPC: its IPs are then registered in `AvailabilityZone: "all"`. */
    private readonly sameVpc: boolean,
  ) {}

  async targets(targetGroupArn: string, deadline?: AbortSignal): Promise<RegisteredTarget[]> {
    const { TargetHealthDescriptions = [] } = await this.elb.send(
      new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }),
      { abortSignal: deadline },
    );
    return TargetHealthDescriptions.flatMap(({ Target, TargetHealth }) =>
      Target?.Id && Target.Port !== undefined
        ? [
            {
              ip: Target.Id,
              port: Target.Port,
              state: (TargetHealth?.State ?? "unavailable") as TargetState,
              ...(TargetHealth?.Reason ? { reason: TargetHealth.Reason } : {}),
              ...(Target.AvailabilityZone ? { availabilityZone: Target.AvailabilityZone } : {}),
            },
          ]
        : [],
    );
  }

  /**
   * One call for all IPs. ELB refuses the whole batch for one target it will not take, naming it only in the
   * message, so a batch refused for a target's sake is sent again one IP at a time: every IP it takes gets in.
   * Port is always given: ELB would otherwise use the target group's port.
   */
  async register(
    targetGroupArn: string,
    ips: readonly string[],
    port: number,
    deadline?: AbortSignal,
  ): Promise<Registration> {
    if (ips.length === 0) return { refused: {} };
    try {
      await this.registerBatch(targetGroupArn, ips, port, deadline);
      return { refused: {} };
    } catch (error) {
      if (!refusedForATarget(error)) throw error;
      if (ips.length === 1) return { refused: { [ips[0]]: describeError(error) } };
    }
    const refused: Record<string, string> = {};
    // One after another: a refused batch is rare, and a burst of calls would run into ELB's API rate limit.
    for (const ip of ips) {
      try {
        await this.registerBatch(targetGroupArn, [ip], port, deadline);
      } catch (error) {
        // Past the deadline every call fails alike: that is no refusal of this IP.
        if (deadline?.aborted) throw error;
        refused[ip] = describeError(error);
      }
    }
    return { refused };
  }

  /** One call for all IPs. Port is always given: without it AWS silently deregisters nothing. */
  async deregister(
    targetGroupArn: string,
    ips: readonly string[],
    port: number,
    deadline?: AbortSignal,
  ): Promise<void> {
    if (ips.length === 0) return;
    await this.elb.send(
      new DeregisterTargetsCommand({ TargetGroupArn: targetGroupArn, Targets: this.targetDescriptions(ips, port) }),
      { abortSignal: deadline },
    );
  }

  private async registerBatch(
    targetGroupArn: string,
    ips: readonly string[],
    port: number,
    deadline: AbortSignal | undefined,
  ): Promise<void> {
    await this.elb.send(
      new RegisterTargetsCommand({ TargetGroupArn: targetGroupArn, Targets: this.targetDescriptions(ips, port) }),
      { abortSignal: deadline },
    );
  }

  private targetDescriptions(ips: readonly string[], port: number): TargetDescription[] {
    return ips.map((ip) => ({ Id: ip, Port: port, ...(this.sameVpc ? {} : { AvailabilityZone: "all" }) }));
  }
}

/**
 * True when ELB refused a registration because of a target in it: `ValidationError` (e.g. an IP outside the VPC
 * without `AvailabilityZone: "all"`, or inside it with one), `InvalidTarget`, or a target registered too often.
 */
function refusedForATarget(error: unknown): boolean {
  return (
    error instanceof InvalidTargetException ||
    error instanceof TooManyRegistrationsForTargetIdException ||
    (error instanceof ElasticLoadBalancingV2ServiceException && error.name === "ValidationError")
  );
}
