import { spawn } from "node:child_process";
import { join } from "node:path";
import { PROJECT_ROOT } from "../synthesis/stack";

/** How the operator's command ended, and what it printed. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built command (`bin/alb-static-ip.js`) as an operator would, with nothing but `env`, on `node`. */
export function runCli(args: readonly string[], env: Record<string, string>, node = process.execPath): Promise<CliRun> {
  return new Promise((done, fail) => {
    const child = spawn(node, [join(PROJECT_ROOT, "bin/alb-static-ip.js"), ...args], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}
