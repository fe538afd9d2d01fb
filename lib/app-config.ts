import { resolve } from "node:path";
import type { AlbStaticIpsProps } from "./alb-static-ips";
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

/**
 * The static IPs' props a config maps onto, one to one but for the app's own `stackName` and `backend`: what the
 * app's stack builds (with its Terraform variables in place of a few values) and the operator's command reads.
 */
export function albStaticIpsPropsOf(config: StaticIpConfig): AlbStaticIpsProps {
  const { stackName: _stackName, backend: _backend, function: settings, ...props } = config;
  return {
    ...props,
    // A port's own ALB as given. One naming the top-level ALB is of it, so that it is watched (and discovered) as
    // the one ALB it is, not as a second one (in the stack, under the top-level name's variable).
    ports: config.ports.map(({ albDnsName, ...entry }) =>
      albDnsName === undefined || albDnsName === config.albDnsName ? entry : { ...entry, albDnsName },
    ),
    // The config fills in the function's defaults for either mode; the construct takes them only where one runs.
    function: config.targets === "alb" ? undefined : settings,
  };
}
