/**
 * What the sync function is told, and how: the one mapping from the static IPs' props to the function's settings (its
 * environment, through the contract), which the construct writes and the operator's command runs the function's code
 * with, so that the two cannot disagree. No construct here: the command is bundled without cdktf.
 */
import { DEFAULTS, type DiscoverySetting, type SyncSettings } from "../functions/target-sync/contract";
import type { AlbStaticIpsProps } from "./alb-static-ips";
import { DEFAULT_SCHEDULE, shortestScheduleGapSeconds } from "./schedule-expression";
import type { TargetSyncFunctionProps } from "./target-sync-function";

/** What a sync function is told: the settings its environment holds, from the props that have nothing to do with Lambda. */
export type SyncFunctionInputs = Omit<
  TargetSyncFunctionProps,
  | "functionName"
  | "bundleDir"
  | "memorySize"
  | "timeoutSeconds"
  | "logLevel"
  | "logRetentionDays"
  | "reserveConcurrency"
  | "stateBucket"
> & { readonly stateBucket: { readonly name: string } };

/** Why `props` make no settings: ENI discovery lists the ALB's interfaces by its ARN. */
export function syncInputsProblem(props: SyncFunctionInputs): string | undefined {
  return (props.discovery ?? DEFAULTS.discovery) === "eni" && !props.albArn
    ? 'albArn is required when discovery is "eni": the interfaces are listed by it'
    : undefined;
}

/**
 * The function's settings (its environment, through the contract), defaults filled in: the one mapping the construct
 * writes and the operator's command runs the function's code with.
 */
export function syncSettingsOf(props: SyncFunctionInputs): SyncSettings {
  const problem = syncInputsProblem(props);
  if (problem) throw new Error(problem);
  const discovery: DiscoverySetting =
    props.albArn !== undefined && (props.discovery ?? DEFAULTS.discovery) === "eni"
      ? { mode: "eni", albArn: props.albArn }
      : { mode: "dns" };
  return {
    albDnsName: props.albDnsName,
    stateBucket: props.stateBucket.name,
    targetGroups: props.targetGroups.map((group) => ({
      arn: group.arn,
      port: group.albPort,
      // Written only where given, so that a one-ALB stack's environment stays as it has always been.
      ...(group.albDnsName === undefined ? {} : { albDnsName: group.albDnsName }),
      ...(group.albArn === undefined || discovery.mode !== "eni" ? {} : { albArn: group.albArn }),
    })),
    discovery,
    maxLookupsPerRun: props.maxLookupsPerRun ?? DEFAULTS.maxLookupsPerRun,
    runsBeforeDeregistration: props.runsBeforeDeregistration ?? DEFAULTS.runsBeforeDeregistration,
    schedulePeriodSeconds: props.schedulePeriodSeconds ?? DEFAULTS.schedulePeriodSeconds,
    publishIpCountMetric: props.publishIpCountMetric ?? DEFAULTS.publishIpCountMetric,
    sameVpc: props.sameVpc ?? DEFAULTS.sameVpc,
    nlbZones: props.nlbZones,
    crossZone: props.crossZone,
  };
}

/**
 * What the sync function is told, from the props, its state bucket's name and the target groups (an NLB port's
 * listener port, the ALB port its targets get): the construct's own mapping, which the operator's command runs the
 * function's code with too, so that the two cannot disagree.
 */
export function syncFunctionInputs(
  props: AlbStaticIpsProps,
  deployed: {
    readonly stateBucket: string;
    readonly targetGroups: readonly { readonly arn: string; readonly listenerPort: number; readonly albPort: number }[];
  },
): SyncFunctionInputs {
  const settings = props.function ?? {};
  return {
    albDnsName: props.albDnsName,
    stateBucket: { name: deployed.stateBucket },
    targetGroups: deployed.targetGroups.map((group) => {
      const entry = props.ports.find((candidate) => candidate.port === group.listenerPort);
      return { ...group, albDnsName: entry?.albDnsName, albArn: entry?.albArn };
    }),
    albArn: props.albArn,
    discovery: settings.discovery ?? DEFAULTS.discovery,
    maxLookupsPerRun: settings.maxLookupsPerRun ?? DEFAULTS.maxLookupsPerRun,
    runsBeforeDeregistration: settings.runsBeforeDeregistration ?? DEFAULTS.runsBeforeDeregistration,
    schedulePeriodSeconds: shortestScheduleGapSeconds(settings.schedule ?? DEFAULT_SCHEDULE),
    publishIpCountMetric: settings.publishIpCountMetric ?? DEFAULTS.publishIpCountMetric,
    sameVpc: settings.sameVpc ?? DEFAULTS.sameVpc,
    nlbZones: props.zones.map((zone) => zone.availabilityZone),
    crossZone: props.crossZone ?? true,
  };
}
