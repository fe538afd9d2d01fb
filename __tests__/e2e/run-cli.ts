import { spawn } from "node:child_process";
import { join } from "node:path";
import { PROJECT_ROOT } from "../synthesis/stack";

/** How a child Node process ended, and what it printed. */
export interface ChildRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `node args` with nothing but `env`, asynchronously, so that the loopback servers in this process keep
 * answering it, and collects what it prints.
 */
export function runNode(node: string, args: readonly string[], env: Record<string, string>): Promise<ChildRun> {
  return new Promise((done, fail) => {
    const child = spawn(node, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}

/** Runs the built command (`bin/alb-static-ip.js`) as an operator would, with nothing but `env`, on `node`. */
export function runCli(
  args: readonly string[],
  env: Record<string, string>,
  node = process.execPath,
): Promise<ChildRun> {
  return runNode(node, [join(PROJECT_ROOT, "bin/alb-static-ip.js"), ...args], env);
}
