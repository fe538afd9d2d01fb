import { resolve } from "node:path";
import type { SyncReport } from "../../functions/target-sync/sync-target-groups";
import { BUNDLE_DIR } from "../synthesis/stack";
import { runNode } from "./run-cli";

export interface LogLine {
  readonly level?: string;
  readonly message?: string;
  readonly [field: string]: unknown;
}

export interface Invocation {
  readonly exitCode: number | null;
  /** The version of the Node it ran on (`process.version`). */
  readonly node?: string;
  /**
   * Every JSON line the function wrote, the final outcome line excluded: stdout's, then stderr's (where the logger
   * writes WARN and ERROR lines; Lambda sends both streams to the log group).
   */
  readonly logs: readonly LogLine[];
  readonly result?: SyncReport;
  readonly error?: string;
  /** The failure's stack as Node formats it (through the source maps under `--enable-source-maps`). */
  readonly errorStack?: string;
  readonly initError?: string;
  /** True when the invocation ran past its timeout and was cut off, as Lambda cuts it off ("Task timed out"). */
  readonly timedOut?: boolean;
  readonly stderr: string;
}

/**
 * Runs dist/functions/target-sync/index.js in a child process of the Node at `nodePath` (this one's by default) with
 * nothing but `env` (and PATH), asynchronously so that the loopback servers in this process keep answering. The
 * invocation's timeout is `timeoutMs` (the stack's 60 s by default).
 */
export async function invokeBundle(
  env: Record<string, string>,
  nodePath = process.execPath,
  timeoutMs = 60_000,
): Promise<Invocation> {
  const args = [resolve(__dirname, "run-handler.cjs"), resolve(BUNDLE_DIR, "index.js"), String(timeoutMs)];
  // As Lambda sets it for a function without provisioned concurrency.
  const childEnv = { PATH: process.env.PATH ?? "", AWS_LAMBDA_INITIALIZATION_TYPE: "on-demand", ...env };
  const { code: exitCode, stdout, stderr } = await runNode(nodePath, args, childEnv);
  const lines = stdout
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map(
      (line) =>
        JSON.parse(line) as LogLine &
          Pick<Invocation, "node" | "result" | "error" | "errorStack" | "initError" | "timedOut">,
    );
  const outcome = lines.pop() ?? {};
  // stderr also holds Node's own warnings, which are not JSON.
  const errorLines = stderr
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as LogLine);
  return {
    exitCode,
    node: outcome.node,
    logs: [...lines, ...errorLines],
    result: outcome.result,
    error: outcome.error,
    errorStack: outcome.errorStack,
    initError: outcome.initError,
    timedOut: outcome.timedOut,
    stderr,
  };
}
