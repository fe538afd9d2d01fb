/**
 * Several Terraform configurations planned in one run, each as a module of one root (`module.<name>.…`). The AWS
 * provider spends seconds building its schema every time it starts, and a run starts it a few times whatever the
 * number of modules, so one run for many configurations costs little more than one for one.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TerraformState } from "./applied-state";
import {
  offlineProviderSettings,
  PLUGIN_DIR,
  type PlannedChange,
  plannedChange,
  type TerraformPlan,
  terraformAsync,
  terraformFailing,
} from "./terraform";

/** A Terraform configuration to plan beside others. */
export interface Configuration {
  /** Its folder: `*.tf` and `*.tf.json` files, and the `assets/` a cdktf stack refers to. */
  readonly dir: string;
  /** Values for its variables. */
  readonly variables?: Record<string, string>;
}

/** A synthesized stack's AWS provider settings (region, default tags). */
export function stackProviderSettings(stackDir: string): Record<string, unknown> {
  const tf = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8")) as { provider: { aws: [object] } };
  return { ...tf.provider.aws[0] };
}

/**
 * Writes a root holding each configuration as `module.<name>`, with one AWS provider for all (made offline), and runs
 * `terraform init` there. A module cannot keep a backend, and a provider configured inside one would start a process
 * of its own, so each configuration's backend and provider blocks are left out.
 */
export async function sideBySide(
  configurations: Record<string, Configuration>,
  awsProvider: Record<string, unknown>,
): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), "side-by-side-"));
  for (const [name, configuration] of Object.entries(configurations)) copyAsModule(configuration.dir, root, name);
  writeFileSync(
    join(root, "main.tf.json"),
    JSON.stringify({
      terraform: { required_providers: { aws: { source: "hashicorp/aws" } } },
      provider: { aws: { ...awsProvider, ...offlineProviderSettings() } },
      module: Object.fromEntries(
        Object.entries(configurations).map(([name, { variables }]) => [name, { source: `./${name}`, ...variables }]),
      ),
    }),
  );
  await terraformAsync(root, "init", "-input=false", "-no-color", `-plugin-dir=${PLUGIN_DIR}`);
  return root;
}

function copyAsModule(dir: string, root: string, name: string): void {
  mkdirSync(join(root, name));
  for (const file of readdirSync(dir)) {
    if (file.endsWith(".tf.json")) {
      const tf = JSON.parse(readFileSync(join(dir, file), "utf8")) as {
        terraform?: { backend?: unknown };
        provider?: unknown;
      };
      delete tf.terraform?.backend;
      delete tf.provider;
      writeFileSync(join(root, name, file), JSON.stringify(tf, null, 2));
    } else if (file.endsWith(".tf")) {
      cpSync(join(dir, file), join(root, name, file));
    }
  }
  // Terraform resolves a resource's relative file paths (the function's zip) from where it runs: the root.
  if (existsSync(join(dir, "assets"))) cpSync(join(dir, "assets"), join(root, "assets"), { recursive: true });
}

/**
 * `terraform plan -refresh=false` of every module against `state` (none: nothing deployed), as `show -json` gives it;
 * `mode` `-destroy` plans taking everything down, as `cdktf destroy` does.
 */
export async function planSideBySide(root: string, state?: TerraformState, mode?: "-destroy"): Promise<TerraformPlan> {
  useState(root, state);
  await terraformAsync(root, ...offlinePlan(mode), "-out=side-by-side.tfplan");
  return JSON.parse(await terraformAsync(root, "show", "-json", "side-by-side.tfplan")) as TerraformPlan;
}

/** The changes `plan` makes to `module.<name>`, at addresses inside the module (`aws_eip.us_east_1a`). */
export function changesIn(plan: TerraformPlan, name: string): PlannedChange[] {
  const prefix = `module.${name}.`;
  return (plan.resource_changes ?? [])
    .filter((change) => change.module_address === `module.${name}`)
    .map(plannedChange)
    .map(({ address, previousAddress, ...rest }) => ({
      address: address.slice(prefix.length),
      ...rest,
      ...(previousAddress ? { previousAddress: previousAddress.slice(prefix.length) } : {}),
    }));
}

/**
 * `terraform plan -refresh=false` of every module against `state` (`-destroy`: taking it down), expected to fail on
 * `prevent_destroy`: the addresses it refused to destroy (`module.<name>.aws_lb.public`), read from its
 * machine-readable output. Terraform's JSON diagnostic for this error has no address field; its detail names the
 * resource in a fixed form.
 */
export async function refusedDestroys(root: string, state: TerraformState, mode?: "-destroy"): Promise<string[]> {
  useState(root, state);
  const output = await terraformFailing(root, ...offlinePlan(mode), "-json");
  const errors = output
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as { type: string; diagnostic?: { severity: string; detail: string } })
    .flatMap(({ type, diagnostic }) => (type === "diagnostic" && diagnostic?.severity === "error" ? [diagnostic] : []));
  return errors.map(({ detail }) => {
    const address = /^Resource (\S+) has lifecycle\.prevent_destroy set/.exec(detail)?.[1];
    if (!address) throw new Error(`terraform plan in ${root} failed for another reason: ${detail}`);
    return address;
  });
}

const offlinePlan = (mode?: "-destroy"): string[] => [
  "plan",
  "-refresh=false",
  "-input=false",
  "-no-color",
  ...(mode ? [mode] : []),
];

function useState(root: string, state: TerraformState | undefined): void {
  const file = join(root, "terraform.tfstate");
  if (state) writeFileSync(file, JSON.stringify(state));
  else rmSync(file, { force: true });
}
