import { resolve } from "node:path";
import { InvalidConfigError, loadConfig, type StaticIpConfig } from "./config";

/**
 * The config the app runs with: the file `STATIC_IP_CONFIG` names, or the project's `static-ip.config.json`. A bad
 * one ends the process with its problems on stderr, one a line, and exit code 1; nothing else, since a stack trace
 * and a dump of the error would only bury them.
 */
export function appConfigOrExit(): StaticIpConfig {
  try {
    return loadConfig(process.env.STATIC_IP_CONFIG ?? resolve(__dirname, "../static-ip.config.json"));
  } catch (error) {
    if (!(error instanceof InvalidConfigError)) throw error;
    process.stderr.write(`${error.problems.join("\n")}\n`);
    process.exit(1);
  }
}
