/** The ELBv2 calls the function makes: read a target group's targets, register and deregister IPs in batches. */
import {
  DeregisterTargetsCommand,
  DescribeTargetHealthCommand,
  type ElasticLoadBalancingV2Client,
  RegisterTargetsCommand,
  type TargetDescription,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import type { RegisteredTarget, TargetState } from "./plan";
import type { TargetGroupApi } from "./ports";

export class ElbTargetGroups implements TargetGroupApi {
  constructor(
    private readonly elb: ElasticLoadBalancingV2Client,
    /** False when the ALB is in another VPC: its IPs are then registered in `AvailabilityZone: "all"`. */
    private readonly sameVpc: boolean,
  ) {}

  async targets(targetGroupArn: string): Promise<RegisteredTarget[]> {
    const { TargetHealthDescriptions = [] } = await this.elb.send(
      new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }),
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

  /** One call for all IPs. Port is always given: ELB would otherwise use the target group's port. */
  async register(targetGroupArn: string, ips: readonly string[], port: number): Promise<void> {
    if (ips.length === 0) return;
    await this.elb.send(
      new RegisterTargetsCommand({ TargetGroupArn: targetGroupArn, Targets: this.targetDescriptions(ips, port) }),
    );
  }

  /** One call for all IPs. Port is always given: without it AWS silently deregisters nothing. */
  async deregister(targetGroupArn: string, ips: readonly string[], port: number): Promise<void> {
    if (ips.length === 0) return;
    await this.elb.send(
      new DeregisterTargetsCommand({ TargetGroupArn: targetGroupArn, Targets: this.targetDescriptions(ips, port) }),
    );
  }

  private targetDescriptions(ips: readonly string[], port: number): TargetDescription[] {
    return ips.map((ip) => ({ Id: ip, Port: port, ...(this.sameVpc ? {} : { AvailabilityZone: "all" }) }));
  }
}
