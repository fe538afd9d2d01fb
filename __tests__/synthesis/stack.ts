import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Testing } from "cdktf";
import { parseConfig, type StaticIpConfig } from "../../lib/config";
import { StaticIpStack } from "../../lib/static-ip-stack";

export const PROJECT_ROOT = resolve(__dirname, "../..");
export const BUNDLE_DIR = resolve(PROJECT_ROOT, "dist/functions/target-sync");

/** The shipped example config (the blog's setup), as raw JSON to derive variants from. */
export function exampleConfigJson(): Record<string, unknown> {
  return JSON.parse(readFileSync(resolve(PROJECT_ROOT, "static-ip.config.json"), "utf8")) as Record<string, unknown>;
}

export function exampleConfigWith(overrides: Record<string, unknown>): StaticIpConfig {
  return parseConfig({ ...exampleConfigJson(), ...overrides });
}

/** The example ALB's ARN, for the configs that need one. */
export const EXAMPLE_ALB_ARN =
  "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/app-internal/50dc6c495c0c9188";

/** The example config with the ALB itself as the target: its ARN, and no function settings. */
export function exampleAlbModeConfigWith(overrides: Record<string, unknown>): StaticIpConfig {
  const { function: _settings, ...raw } = exampleConfigJson();
  return parseConfig({ ...raw, targets: "alb", albArn: EXAMPLE_ALB_ARN, ...overrides });
}

/** `count` zones of us-east-1 (a, b, c, …) with made-up subnet ids. */
export function zones(count: number): { availabilityZone: string; publicSubnetId: string }[] {
  return Array.from({ length: count }, (_, index) => ({
    availabilityZone: `us-east-1${String.fromCharCode(97 + index)}`,
    publicSubnetId: `subnet-${String(index + 1).padStart(17, "0")}`,
  }));
}

export interface SynthesizedStack {
  readonly json: string;
  readonly tf: {
    readonly resource: Record<string, Record<string, Record<string, unknown>>>;
    readonly variable: Record<string, { default: unknown }>;
    readonly output: Record<string, { value: unknown }>;
    readonly terraform: Record<string, unknown>;
    readonly moved?: readonly { readonly from: string; readonly to: string }[];
  };
}

export function synthStack(config: StaticIpConfig): SynthesizedStack {
  const app = Testing.app();
  const stack = new StaticIpStack(app, config.stackName, { config });
  const json = Testing.synth(stack);
  return { json, tf: JSON.parse(json) as SynthesizedStack["tf"] };
}

/**
 * Runs the app (main.ts, the example config) as `npm run synth:hcl` has cdktf run it: HCL output (`cdk.tf`) into
 * the folder `CDKTF_OUTDIR` names, here `cdktf.out-hcl` in a temporary folder. Returns that output folder.
 */
export function synthHclWithApp(): string {
  const outdir = join(mkdtempSync(join(tmpdir(), "project-")), "cdktf.out-hcl");
  execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", "main.ts"], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, CDKTF_OUTDIR: outdir, SYNTH_HCL_OUTPUT: "true" },
    stdio: "pipe",
  });
  return outdir;
}

/** Writes the whole app (stack JSON and the zipped function) to a temporary folder; returns the stack's folder. */
export function synthStackToDisk(config: StaticIpConfig): string {
  const app = Testing.app();
  const stack = new StaticIpStack(app, config.stackName, { config });
  return resolve(Testing.fullSynth(stack), "stacks", config.stackName);
}
