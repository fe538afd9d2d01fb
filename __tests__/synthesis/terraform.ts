import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

/** The hashicorp/aws provider binary, as a filesystem mirror (the machine image carries 5.100.0 there). */
export const PLUGIN_DIR = process.env.TF_PLUGIN_DIR ?? "/opt/tf-plugins";

/** Why the real-Terraform tests cannot run here, or undefined when they can. */
export function terraformUnavailable(): string | undefined {
  try {
    execFileSync("terraform", ["version"], { stdio: "ignore" });
  } catch {
    return "terraform is not on PATH";
  }
  if (!existsSync(join(PLUGIN_DIR, "registry.terraform.io/hashicorp/aws"))) {
    return `no hashicorp/aws provider mirror at ${PLUGIN_DIR} (set TF_PLUGIN_DIR)`;
  }
  return undefined;
}

const terraformEnv = (): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_INPUT: "0" };
  // A CLI config that points at a missing file only adds a warning to every command.
  if (env.TF_CLI_CONFIG_FILE && !existsSync(env.TF_CLI_CONFIG_FILE)) delete env.TF_CLI_CONFIG_FILE;
  return env;
};

export function terraform(dir: string, ...args: string[]): string {
  try {
    return execFileSync("terraform", args, { cwd: dir, env: terraformEnv(), encoding: "utf8", stdio: "pipe" });
  } catch (error) {
    throw terraformFailure(dir, args, error);
  }
}

/** `terraform` without blocking, so that runs on independent folders overlap. */
export async function terraformAsync(dir: string, ...args: string[]): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)("terraform", args, {
      cwd: dir,
      env: terraformEnv(),
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    throw terraformFailure(dir, args, error);
  }
}

/** `terraform` expected to fail: its output, machine-readable with `-json`. */
export async function terraformFailing(dir: string, ...args: string[]): Promise<string> {
  const options = { cwd: dir, env: terraformEnv(), encoding: "utf8" as const, maxBuffer: 64 * 1024 * 1024 };
  const stdout = await promisify(execFile)("terraform", args, options).then(
    () => undefined,
    (error: { stdout?: string }) => error.stdout ?? "",
  );
  if (stdout === undefined) throw new Error(`terraform ${args.join(" ")} in ${dir} succeeded; a failure was expected`);
  return stdout;
}

function terraformFailure(dir: string, args: readonly string[], error: unknown): Error {
  const { stdout, stderr } = error as { stdout?: string; stderr?: string };
  return new Error(`terraform ${args.join(" ")} failed in ${dir}:\n${stdout ?? ""}${stderr ?? ""}`);
}

/**
 * AWS provider settings that point it at a closed loopback port with dummy credentials, so that a plan runs offline
 * and could never touch a real account.
 */
export function offlineProviderSettings(): Record<string, unknown> {
  const closedPort = "http://127.0.0.1:9";
  const services = ["ec2", "elbv2", "events", "iam", "lambda", "logs", "s3", "sts"];
  return {
    access_key: "offline",
    secret_key: "offline",
    skip_credentials_validation: true,
    skip_requesting_account_id: true,
    skip_metadata_api_check: true,
    skip_region_validation: true,
    endpoints: [Object.fromEntries(services.map((service) => [service, closedPort]))],
  };
}

/** Makes a stack's own AWS provider offline (`offlineProviderSettings`), in an override file beside its JSON. */
export function useOfflineProvider(dir: string): void {
  writeFileSync(
    join(dir, "offline_override.tf.json"),
    JSON.stringify({ provider: { aws: offlineProviderSettings() } }),
  );
}

export interface PlannedChange {
  readonly address: string;
  readonly actions: readonly string[];
  /** Where the resource was in the state, when a `moved` block moves it to `address`. */
  readonly previousAddress?: string;
}

/** The parts of `terraform show -json <plan>` the tests read. */
export interface TerraformPlan {
  readonly resource_changes?: readonly ResourceChange[];
  readonly configuration?: { readonly root_module: ConfigModule };
}

/** A module of the plan's configuration: its resources' expressions, and the modules it calls. */
export interface ConfigModule {
  readonly resources?: readonly {
    readonly address: string;
    readonly expressions?: Record<string, { readonly references?: readonly string[] }>;
  }[];
  readonly module_calls?: Record<string, { readonly module: ConfigModule }>;
}

export interface ResourceChange {
  readonly address: string;
  readonly previous_address?: string;
  readonly module_address?: string;
  readonly type: string;
  readonly name: string;
  readonly change: {
    readonly actions: readonly string[];
    readonly before: Record<string, unknown> | null;
    readonly after: Record<string, unknown> | null;
    readonly after_unknown: Record<string, unknown>;
  };
}

/** `terraform plan -refresh=false`, read back as JSON. */
export function planChanges(dir: string): PlannedChange[] {
  terraform(dir, "plan", "-refresh=false", "-input=false", "-no-color", "-out=offline.tfplan");
  const plan = JSON.parse(terraform(dir, "show", "-json", "offline.tfplan")) as TerraformPlan;
  return (plan.resource_changes ?? []).map(plannedChange);
}

export function plannedChange(change: ResourceChange): PlannedChange {
  return {
    address: change.address,
    actions: change.change.actions,
    ...(change.previous_address ? { previousAddress: change.previous_address } : {}),
  };
}

/**
 * What Terraform makes of `value` as written in a `.tf.json` file (its strings are templates: `${…}` is evaluated),
 * by `terraform console` over a configuration of one local. Plain functions only: no provider, no resource.
 */
export function evaluateJsonSyntax(value: unknown): unknown {
  const dir = mkdtempSync(join(tmpdir(), "tf-console-"));
  try {
    writeFileSync(join(dir, "main.tf.json"), JSON.stringify({ locals: { value } }));
    const printed = execFileSync("terraform", ["console"], {
      cwd: dir,
      env: terraformEnv(),
      input: "jsonencode(local.value)",
      encoding: "utf8",
      stdio: ["pipe", "pipe", "pipe"],
    });
    // The console prints the JSON text as a quoted string.
    return JSON.parse(JSON.parse(printed) as string);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
