/**
 * Which target groups the command looks at: given as flags, or read from the stack's Terraform outputs (a state
 * file, or what `terraform output -json` prints), by NLB port as the stack outputs them.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { TARGET_GROUP_ARN } from "../functions/target-sync/contract";
import { localStatePath, type StaticIpConfig } from "../lib/config";

/** A deployed target group: its ARN, its NLB listener's port, and the ALB port its targets get. */
export interface DeployedTargetGroup {
  readonly arn: string;
  readonly listenerPort: number;
  readonly albPort: number;
}

export class TargetGroupsNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TargetGroupsNotFoundError";
  }
}

const OUTPUT = "target_group_arns";

export interface TargetGroupSources {
  /** `--target-group <nlbPort>=<arn>` flags. */
  readonly flags: readonly string[];
  /** `--state FILE`: a Terraform state file, or the JSON `terraform output -json` prints. */
  readonly stateFile: string | undefined;
  /** Where cdktf runs Terraform for the stack (a local backend's path is relative to it). */
  readonly stackDir: string;
}

/** The target group of each of the config's ports, by its ARN (from flags, else from the outputs), as the stack made it. */
export function findTargetGroups(config: StaticIpConfig, sources: TargetGroupSources): DeployedTargetGroup[] {
  const arnsByPort = sources.flags.length > 0 ? fromFlags(sources.flags) : fromOutputs(config, sources);
  return config.ports.map(({ port, albPort = port }) => {
    const arn = arnsByPort.get(port);
    if (arn === undefined) {
      throw new TargetGroupsNotFoundError(
        `no target group for NLB port ${port}: pass --target-group ${port}=arn:aws:elasticloadbalancing:…:targetgroup/…`,
      );
    }
    return { arn, listenerPort: port, albPort };
  });
}

function fromFlags(flags: readonly string[]): Map<number, string> {
  return new Map(
    flags.map((flag) => {
      const match = /^(\d+)=(.+)$/.exec(flag);
      if (!match || !TARGET_GROUP_ARN.test(match[2])) {
        throw new TargetGroupsNotFoundError(
          `--target-group ${flag}: expected <NLB port>=<target group ARN>, like 443=arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/app-public-443/0123456789abcdef`,
        );
      }
      return [Number(match[1]), match[2]];
    }),
  );
}

function fromOutputs(config: StaticIpConfig, sources: TargetGroupSources): Map<number, string> {
  const file = sources.stateFile ?? localStateFile(config, sources.stackDir);
  if (file === undefined || !existsSync(file)) {
    throw new TargetGroupsNotFoundError(
      `no target groups given and ${file === undefined ? "the stack keeps its state in S3" : `no Terraform state at ${file}`}: ` +
        `pass --target-group <NLB port>=<ARN> for each port, or --state FILE with the output of ` +
        `\`terraform -chdir=${sources.stackDir} output -json\``,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new TargetGroupsNotFoundError(`${file}: not JSON (${(error as Error).message})`);
  }
  // A state file holds { outputs: { name: { value } } }; `terraform output -json` prints { name: { value } }.
  const outputs = ((parsed as { outputs?: unknown }).outputs ?? parsed) as Record<
    string,
    { value?: unknown } | undefined
  >;
  const value = outputs[OUTPUT]?.value;
  if (typeof value !== "object" || value === null) {
    throw new TargetGroupsNotFoundError(`${file} has no "${OUTPUT}" output: has the stack been deployed?`);
  }
  return new Map(
    Object.entries(value as Record<string, unknown>).flatMap(([port, arn]) =>
      typeof arn === "string" && TARGET_GROUP_ARN.test(arn) ? [[Number(port), arn] as const] : [],
    ),
  );
}

/** The state file of a local backend, or undefined when the state is elsewhere. */
function localStateFile(config: StaticIpConfig, stackDir: string): string | undefined {
  if (config.backend.type !== "local") return undefined;
  return resolve(stackDir, localStatePath(config.backend, config.stackName));
}
