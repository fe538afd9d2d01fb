/**
 * The package from a consumer's side: `npm pack` makes the tarball; a project laid out as `cdktf init --template
 * typescript` lays one out (consumer-project/) installs it, offline, with its peers; its stack declares its own
 * network and ALB and feeds their tokens to AlbStaticIps; `cdktf synth`, its own Jest tests and real Terraform
 * (validate, plan) accept it. A second app has two ALBs with static IPs each in one stack.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT_ROOT } from "../synthesis/stack";
import { PLUGIN_DIR, planChanges, terraform, terraformUnavailable, useOfflineProvider } from "../synthesis/terraform";
import { consumerEnv, installOffline, lockedVersion } from "./offline-install";

const unavailable = terraformUnavailable();
if (unavailable) console.warn(`Skipping the consumer project's Terraform checks: ${unavailable}`);
const itWithTerraform = unavailable ? it.skip : it;

/** Packing, installing and synthesizing are minutes of work on a busy machine; none of these is a goal. */
const MINUTES = 60_000;

let work: string;
let project: string;
let tarball: string;
let packed: { readonly files: readonly { readonly path: string }[]; readonly size: number };
/** `cdktf synth` of the consumer's main.ts: its wall time, and the stack's folder. */
let synth: { readonly seconds: number; readonly stackDir: string };

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "consumer-"));
  // Packed from the build `npm test` has just made (`npm run build`): prepack would build again, under the feet of
  // the other tests that read dist/.
  const [report] = JSON.parse(
    execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work], {
      cwd: PROJECT_ROOT,
      env: consumerEnv(work),
      encoding: "utf8",
    }),
  ) as [{ filename: string; files: { path: string }[]; size: number }];
  tarball = join(work, report.filename);
  packed = report;

  project = join(work, "edge");
  cpSync(join(__dirname, "consumer-project"), project, { recursive: true });
  mkdirSync(join(project, ".tmp"));
  const peers = (
    JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as {
      peerDependencies: Record<string, string>;
    }
  ).peerDependencies;
  const devTools = ["@types/jest", "@types/node", "jest", "ts-jest", "ts-node", "typescript"];
  installOffline(
    project,
    {
      name: "edge",
      // The peers at exactly the ranges the package declares: installing proves the tested versions satisfy them.
      dependencies: peers,
      devDependencies: Object.fromEntries(devTools.map((name) => [name, lockedVersion(name)])),
    },
    tarball,
  );

  const started = process.hrtime.bigint();
  cdktf(project, "synth");
  synth = {
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
    stackDir: join(project, "cdktf.out/stacks/edge"),
  };
  console.info(`the consumer's cdktf synth took ${synth.seconds.toFixed(1)} s`);
}, 15 * MINUTES);

afterAll(() => {
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

describe("the packed package", () => {
  it("holds the compiled library with its types, the built function with its source maps, the command, and no source", () => {
    const paths = packed.files.map((file) => file.path);

    expect(paths).toEqual(
      expect.arrayContaining([
        "dist/library/lib/index.js",
        "dist/library/lib/index.d.ts",
        "dist/functions/target-sync/index.js",
        "dist/functions/target-sync/index.js.map",
        "dist/functions/target-sync/eni-discovery.lazy.js",
        "dist/functions/target-sync/eni-discovery.lazy.js.map",
        "bin/alb-static-ip.js",
        "dist/cli/index.js",
        "LICENSE",
        "README.md",
        "package.json",
      ]),
    );
    expect(paths.filter((path) => !/^(dist\/|bin\/|LICENSE$|README\.md$|package\.json$)/.test(path))).toEqual([]);
    expect(paths.filter((path) => path.endsWith(".ts") && !path.endsWith(".d.ts"))).toEqual([]);
  });
});

describe("a consumer's cdktf project", () => {
  it("installs the package with its peers, offline, and uses no build step of its own", () => {
    const installed = join(project, "node_modules/alb-static-ip");

    expect(readdirSync(join(installed, "dist/functions/target-sync")).sort()).toEqual([
      "eni-discovery.lazy.js",
      "eni-discovery.lazy.js.map",
      "index.js",
      "index.js.map",
    ]);
    expect(readdirSync(project)).not.toContain("dist");
  });

  it("synthesizes its stack with `cdktf synth`: its own resources, the static IPs fed by their tokens", () => {
    const tf = readStack(synth.stackDir);

    expect(Object.keys(tf.provider)).toEqual(["aws"]);
    expect(tf.resource.aws_lb.StaticIps_public.subnet_mapping).toEqual([
      { subnet_id: "${aws_subnet.public-us-east-1a.id}", allocation_id: "${aws_eip.StaticIps_us_east_1a.id}" },
      { subnet_id: "${aws_subnet.public-us-east-1b.id}", allocation_id: "${aws_eip.StaticIps_us_east_1b.id}" },
    ]);
    expect(tf.resource.aws_lb_target_group.StaticIps_public_80.vpc_id).toBe("${aws_vpc.vpc.id}");
  });

  it(
    "zips the same function, with the same hash, from any working folder",
    () => {
      const elsewhere = join(work, "elsewhere");
      mkdirSync(elsewhere);
      const fromElsewhere = join(elsewhere, "cdktf.out");
      const tsNode = join(project, "node_modules/ts-node/register/transpile-only");
      execFileSync(process.execPath, ["-r", tsNode, join(project, "main.ts")], {
        cwd: elsewhere,
        env: { ...consumerEnv(project), CDKTF_OUTDIR: fromElsewhere, TS_NODE_PROJECT: join(project, "tsconfig.json") },
        stdio: "pipe",
      });

      const hash = (stackDir: string) =>
        (readStack(stackDir).resource.aws_lambda_function.StaticIps_static_lb_sync as { source_code_hash: string })
          .source_code_hash;
      expect(hash(join(fromElsewhere, "stacks/edge"))).toBe(hash(synth.stackDir));
    },
    5 * MINUTES,
  );

  it(
    "passes its own Jest tests: cdktf's matchers and a snapshot, written, then matched",
    () => {
      const jest = (...args: string[]) =>
        execFileSync(process.execPath, [join(project, "node_modules/jest/bin/jest.js"), ...args], {
          cwd: project,
          env: consumerEnv(project),
          encoding: "utf8",
          stdio: "pipe",
        });

      jest("--ci=false");
      const snapshot = readFileSync(join(project, "__tests__/__snapshots__/main-test.ts.snap"), "utf8");
      jest("--ci");

      expect(snapshot).toContain('"aws_lb"');
      expect(readFileSync(join(project, "__tests__/__snapshots__/main-test.ts.snap"), "utf8")).toBe(snapshot);
    },
    10 * MINUTES,
  );

  itWithTerraform(
    "passes terraform validate and plans every resource to be created",
    () => {
      terraform(synth.stackDir, "init", "-input=false", "-no-color", `-plugin-dir=${PLUGIN_DIR}`);
      useOfflineProvider(synth.stackDir);

      expect(terraform(synth.stackDir, "validate", "-no-color")).toContain("The configuration is valid");
      const changes = planChanges(synth.stackDir);
      expect(changes.every((change) => change.actions.join() === "create")).toBe(true);
      expect(changes.map((change) => change.address)).toEqual(
        expect.arrayContaining([
          "aws_lb.alb",
          "aws_eip.StaticIps_us_east_1a",
          "aws_lambda_function.StaticIps_static_lb_sync",
        ]),
      );
    },
    10 * MINUTES,
  );
});

describe("a consumer's stack with two ALBs", () => {
  itWithTerraform(
    "synthesizes two sets of static IPs that Terraform validates and plans side by side",
    () => {
      cdktf(project, "synth", "--app", "npx ts-node two-albs.ts", "--output", "cdktf.out-two-albs");
      const stackDir = join(project, "cdktf.out-two-albs/stacks/two-albs");
      terraform(stackDir, "init", "-input=false", "-no-color", `-plugin-dir=${PLUGIN_DIR}`);
      useOfflineProvider(stackDir);

      expect(terraform(stackDir, "validate", "-no-color")).toContain("The configuration is valid");
      const addresses = planChanges(stackDir).map((change) => change.address);
      expect(addresses).toEqual(
        expect.arrayContaining([
          "aws_lb.ShopStaticIps_public",
          "aws_lb.ApiStaticIps_public",
          "aws_lambda_function.ShopStaticIps_static_lb_sync",
          "aws_lb_target_group.ApiStaticIps_alb_8080",
          "aws_cloudwatch_dashboard.ShopStaticIps_static_ip",
        ]),
      );
      expect(addresses.filter((address) => address.includes("ApiStaticIps_static_lb"))).toEqual([]);
    },
    10 * MINUTES,
  );
});

/** The consumer's own `cdktf` command, which its docs have installed globally: here, this repository's. */
function cdktf(dir: string, ...args: string[]): void {
  execFileSync(join(PROJECT_ROOT, "node_modules/.bin/cdktf"), args, {
    cwd: dir,
    env: consumerEnv(dir),
    stdio: "pipe",
  });
}

interface Stack {
  readonly provider: Record<string, unknown>;
  readonly resource: Record<string, Record<string, Record<string, unknown>>>;
}

function readStack(stackDir: string): Stack {
  return JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8")) as Stack;
}
