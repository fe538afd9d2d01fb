/**
 * The ALBs behind one set of static IPs: the stack's own (`ALB_DNS_NAME`, `ALB_ARN`) and any a target group names
 * instead. A run discovers each distinct ALB once, and syncs each group against its own ALB's IPs.
 */
import type { TargetGroupSetting } from "./contract";

/** An ALB and the target groups it serves. */
export interface AlbTargetGroups {
  readonly albDnsName: string;
  /** Its ARN, which ENI discovery lists its interfaces by; undefined when nobody named it (DNS discovery). */
  readonly albArn: string | undefined;
  readonly targetGroups: readonly TargetGroupSetting[];
}

/** The stack's own ALB, which every group that names none is of. */
export interface DefaultAlb {
  readonly albDnsName: string;
  readonly albArn?: string;
}

/** The DNS name of the group's ALB: its own, or the stack's. */
export function albDnsNameOf(group: TargetGroupSetting, defaultAlb: DefaultAlb): string {
  return group.albDnsName ?? defaultAlb.albDnsName;
}

/**
 * The distinct ALBs of the groups, by DNS name, in the order the groups first name them, each with its groups and
 * its ARN (a group's own, else the stack's when it is the stack's ALB). Throws when groups give one ALB two ARNs.
 */
export function albsOf(targetGroups: readonly TargetGroupSetting[], defaultAlb: DefaultAlb): AlbTargetGroups[] {
  const albs = new Map<string, { albArn: string | undefined; targetGroups: TargetGroupSetting[] }>();
  for (const group of targetGroups) {
    const albDnsName = albDnsNameOf(group, defaultAlb);
    const albArn = group.albArn ?? (albDnsName === defaultAlb.albDnsName ? defaultAlb.albArn : undefined);
    const alb = albs.get(albDnsName);
    if (alb === undefined) {
      albs.set(albDnsName, { albArn, targetGroups: [group] });
      continue;
    }
    if (albArn !== undefined && alb.albArn !== undefined && albArn !== alb.albArn) {
      throw new Error(`ALB ${albDnsName} is given two ARNs, ${alb.albArn} and ${albArn}`);
    }
    alb.albArn ??= albArn;
    alb.targetGroups.push(group);
  }
  return [...albs].map(([albDnsName, alb]) => ({ albDnsName, ...alb }));
}
