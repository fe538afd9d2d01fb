/** What a user sees when the config is bad: the problems, one a line, once, and exit code 1, nothing else. */

import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exampleConfigJson, PROJECT_ROOT } from "../synthesis/stack";

/** The example config without its region, with a malformed subnet and a port out of range: three problems. */
function badConfigFile(): string {
  const config = exampleConfigJson();
  delete config.region;
  (config.zones as Record<string, unknown>[])[1].publicSubnetId = "subnet-xyz";
  config.ports = [{ port: 0 }, { port: 443 }];
  const path = join(mkdtempSync(join(tmpdir(), "bad-config-")), "static-ip.config.json");
  writeFileSync(path, JSON.stringify(config));
  return path;
}

const THREE_PROBLEMS = [
  'config.region: is required: expected an AWS region like "us-east-1"',
  'config.zones[1].publicSubnetId: expected the id of a public subnet in that zone, like "subnet-0123456789abcdef0"',
  "config.ports[0].port: expected the NLB listener port from 1 to 65535",
];

function run(command: string, args: string[], configPath: string) {
  const { status, stdout, stderr } = spawnSync(command, args, {
    cwd: PROJECT_ROOT,
    env: { ...process.env, STATIC_IP_CONFIG: configPath },
    encoding: "utf8",
  });
  return { status, stdout, stderrLines: stderr.split("\n") };
}

const runApp = (configPath: string) =>
  run(process.execPath, ["-r", "ts-node/register/transpile-only", "main.ts"], configPath);

describe("the app with a bad config", () => {
  it("prints each problem once, one a line, on stderr, and exits 1", () => {
    expect(runApp(badConfigFile())).toEqual({ status: 1, stdout: "", stderrLines: [...THREE_PROBLEMS, ""] });
  });

  it("names the path it looked for when there is no config file", () => {
    const missing = join(mkdtempSync(join(tmpdir(), "no-config-")), "static-ip.config.json");

    expect(runApp(missing)).toEqual({ status: 1, stdout: "", stderrLines: [`no config file at ${missing}`, ""] });
  });
});

describe("npm run synth with a bad config", () => {
  it("prints the same lines, before it builds or runs cdktf, and exits 1", () => {
    expect(run("npm", ["run", "--silent", "synth"], badConfigFile())).toEqual({
      status: 1,
      stdout: "",
      stderrLines: [...THREE_PROBLEMS, ""],
    });
  });
});
