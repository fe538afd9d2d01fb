/**
 * `alb-static-ip`: the operator's view of the sync function, run with the operator's own AWS credentials.
 *
 *   alb-static-ip status [options]          what the function sees, and what its next run will do
 *   alb-static-ip sync --dry-run [options]  the same; exit 0 when nothing would change, 2 when something would
 *   alb-static-ip sync [options]            run exactly one sync now, as the function does
 *
 * It reads the stack's config, discovers the ALB's IPs and reads each target group and its state through the
 * function's own adapters and settings (the environment the construct gives the function, by the construct's own
 * mapping from the config's props and the same contract), and plans with the function's own core.
 */
import { parseArgs } from "node:util";
import { createAdapters } from "../functions/target-sync/adapters";
import { readSyncConfig, type SyncConfig } from "../functions/target-sync/config";
import { syncEnvironment } from "../functions/target-sync/contract";
import { describeError } from "../functions/target-sync/describe-error";
import { lambdaLogger } from "../functions/target-sync/log";
import { syncTargetGroups } from "../functions/target-sync/sync-target-groups";
import { albStaticIpsPropsOf } from "../lib/app-config";
import { loadConfig } from "../lib/config";
import { syncFunctionInputs, syncSettingsOf } from "../lib/sync-function-inputs";
import { inspect } from "./inspect";
import { renderInspection } from "./render";
import { renderStaticAddresses, staticAddresses } from "./static-addresses";
import { findTargetGroups } from "./target-groups";

const USAGE = `usage: alb-static-ip <status | sync [--dry-run]> [--config FILE] [--target-group PORT=ARN ...] [--state FILE] [--json]
       alb-static-ip --help

  status            what the function sees and what its next run will do; changes nothing
  sync --dry-run    the same, exiting 0 when nothing would change and 2 when something would
  sync              run one sync now (the function's code path, conditional state writes included)

  --config FILE             the stack's config (default: $STATIC_IP_CONFIG, else static-ip.config.json)
  --target-group PORT=ARN   the target group of an NLB port (repeat per port); default: the stack's outputs
  --state FILE              Terraform state, or \`terraform output -json\`, holding the target_group_arns output
                            (default: the local backend's state file)
  --json                    machine-readable output
  -h, --help                this text
`;

/** Exit codes: 0 done (nothing would change), 1 failed, 2 a dry run found changes, 64 bad usage. */
export const EXIT = { ok: 0, failed: 1, wouldChange: 2, usage: 64 } as const;

export async function main(argv: readonly string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    process.stderr.write(`alb-static-ip: ${(error as Error).message}\n${USAGE}`);
    return EXIT.usage;
  }
  if (parsed === "help") {
    process.stdout.write(USAGE);
    return EXIT.ok;
  }
  const { command, values } = parsed;
  try {
    const config = loadConfig(values.config ?? process.env.STATIC_IP_CONFIG ?? "static-ip.config.json");
    if (config.targets === "alb") {
      // There is no function, state or IP target to look at: AWS keeps the ALB itself registered.
      process.stderr.write(
        'alb-static-ip: the config\'s targets are "alb": AWS keeps the ALB registered, nothing syncs\n',
      );
      return EXIT.usage;
    }
    const targetGroups = findTargetGroups(config, {
      flags: values["target-group"] ?? [],
      stateFile: values.state,
      stackDir: `cdktf.out/stacks/${config.stackName}`,
    });
    // The function's settings as the construct writes them (the same mapping from the config's props), read back
    // through the contract; the SDK's own variables and the function-only ones (DNS_SERVERS, …) come from this
    // environment.
    process.env.AWS_REGION ??= config.region;
    const inputs = syncFunctionInputs(albStaticIpsPropsOf(config), { stateBucket: config.stateBucket, targetGroups });
    const sync: SyncConfig = readSyncConfig({ ...process.env, ...syncEnvironment(syncSettingsOf(inputs)) });
    const adapters = createAdapters(sync, lambdaLogger);

    if (command === "sync" && !values["dry-run"]) {
      // The function's code path; its log lines go to stdout as in Lambda, the metric does not (no CloudWatch here).
      const report = await syncTargetGroups(
        {
          albDnsName: sync.albDnsName,
          targetGroups: sync.targetGroups,
          runsBeforeDeregistration: sync.runsBeforeDeregistration,
          schedulePeriodSeconds: sync.schedulePeriodSeconds,
          metricNamespace: undefined,
          nlbZones: sync.nlbZones,
          crossZone: sync.crossZone,
        },
        { ...adapters, log: lambdaLogger, writeLine: () => {}, now: () => new Date() },
      );
      if (values.json) process.stdout.write(`${JSON.stringify(report)}\n`);
      return EXIT.ok;
    }

    const inspection = await inspect(
      {
        albDnsName: sync.albDnsName,
        targetGroups: sync.targetGroups,
        runsBeforeDeregistration: sync.runsBeforeDeregistration,
        schedulePeriodSeconds: sync.schedulePeriodSeconds,
        now: new Date(),
        discoveryMode: sync.discovery.mode,
        stateBucket: sync.stateBucket,
      },
      adapters,
    );
    // The static addresses the config fixes (private IPv4, IPv6) come first: they are what customers allowlist.
    const fixed = staticAddresses(config);
    process.stdout.write(
      values.json
        ? `${JSON.stringify(fixed.length > 0 ? { staticAddresses: fixed, ...inspection } : inspection, null, 2)}\n`
        : `${renderStaticAddresses(fixed)}${renderInspection(inspection)}`,
    );
    const wouldChange = inspection.targetGroups.some((group) => group.changes);
    return command === "sync" && wouldChange ? EXIT.wouldChange : EXIT.ok;
  } catch (error) {
    process.stderr.write(`alb-static-ip: ${describeError(error)}\n`);
    return EXIT.failed;
  }
}

function parse(argv: readonly string[]) {
  const { positionals, values } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      config: { type: "string" },
      "target-group": { type: "string", multiple: true },
      state: { type: "string" },
      json: { type: "boolean" },
      "dry-run": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  // Asked for help, the command gives it whatever else the line says.
  if (values.help) return "help";
  const [command, ...rest] = positionals;
  if (command !== "status" && command !== "sync") throw new Error(`unknown command ${JSON.stringify(command ?? "")}`);
  if (rest.length > 0) throw new Error(`unexpected ${rest.join(" ")}`);
  if (command === "status" && values["dry-run"])
    throw new Error("--dry-run goes with sync; status never changes anything");
  return { command, values };
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
