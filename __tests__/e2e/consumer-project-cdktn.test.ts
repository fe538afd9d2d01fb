/**
 * The cdktn package from a consumer's side. `npm run build` makes alb-static-ip-cdktn (dist/cdktn) from the same
 * source as alb-static-ip; the consumer project of consumer-project.test.ts, its module names renamed to cdktn's and
 * nothing else, installs its packed tarball offline with its cdktn peers (from the cdktn toolchain's lock,
 * packages/cdktn), then `cdktn synth` on the project's Node 22 and its own Jest tests with cdktn's `Testing` accept
 * it. Its synthesized JSON equals the cdktf consumer's, resource by resource, but where AWS provider 6 differs from 5:
 * `PROVIDER_6_DIFFERENCES` lists each.
 *
 * Not run here: `terraform validate` and `plan` of the cdktn synth. They need the hashicorp/aws 6 provider, and these
 * machines have only 5.100.0, offline (TF_PLUGIN_DIR); the cdktf consumer's synth, equal but for the differences
 * listed, passes both in consumer-project.test.ts.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { PROJECT_ROOT } from "../synthesis/stack";
import { cdktnRuntime, type NodeRuntime } from "./node-runtimes";
import { consumerEnv, installOffline, lockedVersion } from "./offline-install";

const { renameModules } = require("../../scripts/cdktn-modules.cjs") as {
  renameModules(text: string, renames?: Readonly<Record<string, string>>): string;
};

/** The cdktn toolchain (its own package.json and lock), which the project's postinstall installs. */
const TOOLCHAIN = join(PROJECT_ROOT, "packages/cdktn");
const CDKTN_PACKAGE = join(PROJECT_ROOT, "dist/cdktn");

/** The consumer's two apps, by stack: main.ts, and two-albs.ts (two ALBs, one of them with alarms). */
const APPS = { edge: "main.ts", "two-albs": "two-albs.ts" } as const;
type StackName = keyof typeof APPS;

/**
 * Where the cdktn consumer's synth differs from the cdktf consumer's, as paths into cdk.tf.json; every other value
 * is equal. The provider bindings name the provider differently (@cdktn/provider-aws: `hashicorp/aws` 6.66.0;
 * @cdktf/provider-aws: `aws` 5.100.0, the same registry.terraform.io/hashicorp/aws), and the construct reads the
 * region of an `aws_region` data source (the dashboard's, with alarms and no `region` prop) as `region` under
 * provider 6, which deprecates `name` (lib/aws-region-name.ts).
 */
const PROVIDER_BINDINGS = ["terraform.required_providers.aws.source", "terraform.required_providers.aws.version"];
const PROVIDER_6_DIFFERENCES: Record<StackName, readonly string[]> = {
  edge: PROVIDER_BINDINGS,
  "two-albs": ["resource.aws_cloudwatch_dashboard.ShopStaticIps_static_ip.dashboard_body", ...PROVIDER_BINDINGS],
};

/** The cdktf synth as provider 6 wants it: what the cdktn synth must equal exactly. */
function asProvider6(cdktf: Stack): Stack {
  const text = JSON.stringify(cdktf).replace(/(data\.aws_region\.[\w-]+)\.name\b/g, "$1.region");
  const stack = JSON.parse(text) as Stack;
  stack.terraform.required_providers.aws = { source: "hashicorp/aws", version: "6.66.0" };
  return stack;
}

const node22 = cdktnRuntime();
const toolchainMissing = existsSync(join(TOOLCHAIN, "node_modules/cdktn"))
  ? undefined
  : `the cdktn toolchain is not installed (${TOOLCHAIN}/node_modules): \`npm ci\` installs it`;
if (toolchainMissing && process.env.CI === "true") throw new Error(`${toolchainMissing}; CI runs these tests`);
const skipped = toolchainMissing ?? (node22 ? undefined : "no Node 22 in runtimes/");
if (skipped) console.warn(`Skipping the cdktn consumer's tests: ${skipped}`);
const describeOnCdktn = skipped ? describe.skip : describe;
console.warn(
  "Skipping terraform validate and plan of the cdktn consumer's synth: they need the hashicorp/aws 6 provider, which " +
    "these machines cannot download (only hashicorp/aws 5.100.0 is in the offline mirror).",
);

const MINUTES = 60_000;

let work: string;
let project: string;
let packed: { readonly cdktf: PackReport; readonly cdktn: PackReport };
let stacks: Record<StackName, { readonly cdktf: Stack; readonly cdktn: Stack }>;

beforeAll(() => {
  if (skipped) return;
  const runtime = node22 as NodeRuntime;
  work = mkdtempSync(join(tmpdir(), "consumer-cdktn-"));
  // Packed from the build `npm test` has just made, as in consumer-project.test.ts.
  packed = { cdktf: pack(PROJECT_ROOT), cdktn: pack(CDKTN_PACKAGE) };

  // The cdktn consumer: the cdktf consumer's files, renamed.
  project = join(work, "edge");
  copyRenamed(join(__dirname, "consumer-project"), project);
  mkdirSync(join(project, ".tmp"));
  const cdktnManifest = tarballManifest(packed.cdktn.path);
  const devTools = ["@types/jest", "@types/node", "jest", "ts-jest", "ts-node", "typescript"];
  installOffline(
    project,
    {
      name: "edge",
      dependencies: cdktnManifest.peerDependencies,
      devDependencies: Object.fromEntries(devTools.map((name) => [name, lockedVersion(name, TOOLCHAIN)])),
    },
    packed.cdktn.path,
    TOOLCHAIN,
  );
  const cdktn = (...args: string[]) =>
    execFileSync(join(TOOLCHAIN, "node_modules/.bin/cdktn"), args, {
      cwd: project,
      env: onNode(runtime, consumerEnv(project)),
      stdio: "pipe",
    });
  const started = process.hrtime.bigint();
  cdktn("synth");
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.info(`the cdktn consumer's cdktn synth took ${seconds.toFixed(1)} s`);
  cdktn("synth", "--app", "npx ts-node two-albs.ts", "--output", "cdktf.out-two-albs");

  const cdktf = synthesizeCdktfConsumer(join(work, "cdktf", "edge"), packed.cdktf.path);
  stacks = {
    edge: { cdktf: cdktf.edge, cdktn: readStack(join(project, "cdktf.out/stacks/edge"), project) },
    "two-albs": {
      cdktf: cdktf["two-albs"],
      cdktn: readStack(join(project, "cdktf.out-two-albs/stacks/two-albs"), project),
    },
  };
}, 15 * MINUTES);

afterAll(() => {
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

describeOnCdktn("the packed cdktn package, alb-static-ip-cdktn", () => {
  it("holds the same files as alb-static-ip, and the same function byte for byte", () => {
    const paths = (report: PackReport) => report.files.map((file) => file.path).sort();
    expect(paths(packed.cdktn)).toEqual(paths(packed.cdktf));

    const functionFiles = readdirSync(join(CDKTN_PACKAGE, "dist/functions/target-sync"));
    expect(functionFiles).toContain("index.js");
    for (const file of functionFiles) {
      expect(sha256(join(project, "node_modules/alb-static-ip-cdktn/dist/functions/target-sync", file))).toBe(
        sha256(join(PROJECT_ROOT, "dist/functions/target-sync", file)),
      );
    }
  });

  it("imports cdktn and @cdktn/provider-aws, never cdktf, and names them as peers at the versions tested", () => {
    const library = join(project, "node_modules/alb-static-ip-cdktn/dist/library");
    const imported = new Set<string>();
    for (const file of filesUnder(library).filter((path) => /\.(js|d\.ts)$/.test(path))) {
      for (const [, name] of readFileSync(file, "utf8").matchAll(/(?:require\(|from )"([^".][^"]*)"/g)) {
        if (!name.startsWith("node:"))
          imported.add(
            name
              .split("/")
              .slice(0, name.startsWith("@") ? 2 : 1)
              .join("/"),
          );
      }
    }

    expect([...imported].sort()).toEqual(["@cdktn/provider-aws", "cdktn", "constructs", "zod"]);
    const toolchain = JSON.parse(readFileSync(join(TOOLCHAIN, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    expect(tarballManifest(packed.cdktn.path).peerDependencies).toEqual({
      "@cdktn/provider-aws": toolchain.dependencies["@cdktn/provider-aws"],
      cdktn: toolchain.dependencies.cdktn,
      constructs: toolchain.dependencies.constructs,
    });
  });
});

describeOnCdktn("a consumer's cdktn project", () => {
  it("installs the package with its cdktn peers, offline, and no cdktf", () => {
    const installed = readdirSync(join(project, "node_modules"));

    expect(installed).toEqual(expect.arrayContaining(["alb-static-ip-cdktn", "cdktn", "constructs"]));
    expect(installed).not.toContain("cdktf");
    expect(installed).not.toContain("@cdktf");
  });

  it("synthesizes its stack with `cdktn synth`: its own resources, the static IPs fed by their tokens", () => {
    const tf = stacks.edge.cdktn;

    expect(Object.keys(tf.provider)).toEqual(["aws"]);
    expect(tf.resource.aws_lb.StaticIps_public.subnet_mapping).toEqual([
      { subnet_id: "${aws_subnet.public-us-east-1a.id}", allocation_id: "${aws_eip.StaticIps_us_east_1a.id}" },
      { subnet_id: "${aws_subnet.public-us-east-1b.id}", allocation_id: "${aws_eip.StaticIps_us_east_1b.id}" },
    ]);
  });

  it.each(Object.keys(APPS) as StackName[])(
    "synthesizes %s as the cdktf consumer does, resource by resource, but for AWS provider 6's differences",
    (stack) => {
      const { cdktf, cdktn } = stacks[stack];
      const expected = PROVIDER_6_DIFFERENCES[stack];

      for (const block of ["resource", "data"] as const) {
        expect(addresses(cdktn[block])).toEqual(addresses(cdktf[block]));
        for (const address of addresses(cdktf[block])) {
          const [type, name] = address.split(".");
          const differing = differences(cdktf[block][type][name], cdktn[block][type][name], `${block}.${address}`);
          expect({ address, differing }).toEqual({
            address,
            differing: expected.filter((path) => path.startsWith(`${block}.${address}.`)),
          });
        }
      }
      expect(differences(cdktf, cdktn)).toEqual(expected);
      expect(differences(asProvider6(cdktf), cdktn)).toEqual([]);
    },
  );

  it(
    "passes its own Jest tests with cdktn's Testing: its matchers and a snapshot, written, then matched",
    () => {
      const runtime = node22 as NodeRuntime;
      const jest = (...args: string[]) => {
        try {
          execFileSync(runtime.execPath, [join(project, "node_modules/jest/bin/jest.js"), ...args], {
            cwd: project,
            env: consumerEnv(project),
            encoding: "utf8",
            stdio: "pipe",
          });
        } catch (error) {
          throw new Error(`jest ${args.join(" ")} failed:\n${(error as { stderr?: string }).stderr ?? error}`);
        }
      };

      jest("--ci=false");
      const snapshot = readFileSync(join(project, "__tests__/__snapshots__/main-test.ts.snap"), "utf8");
      jest("--ci");

      expect(snapshot).toContain('"aws_lb"');
      expect(readFileSync(join(project, "__tests__/__snapshots__/main-test.ts.snap"), "utf8")).toBe(snapshot);
    },
    10 * MINUTES,
  );

  it.skip("passes terraform validate and plan: not here, they need hashicorp/aws 6, which these machines cannot download", () => {});
});

interface PackReport {
  readonly path: string;
  readonly files: readonly { readonly path: string }[];
  readonly size: number;
}

/** `npm pack` of the package folder `dir` into the work folder, without its prepack: the build is done. */
function pack(dir: string): PackReport {
  const [report] = JSON.parse(
    execFileSync("npm", ["pack", dir, "--ignore-scripts", "--json", "--pack-destination", work], {
      cwd: work,
      env: consumerEnv(work),
      encoding: "utf8",
    }),
  ) as [{ filename: string; files: { path: string }[]; size: number }];
  console.info(`${report.filename}: ${(report.size / 1024).toFixed(0)} KiB packed`);
  return { path: join(work, report.filename), files: report.files, size: report.size };
}

/** Copies the cdktf consumer project at `from` to `to`, each source's module names renamed to cdktn's. */
function copyRenamed(from: string, to: string): void {
  cpSync(from, to, { recursive: true });
  for (const file of filesUnder(to).filter((path) => /\.(ts|js)$/.test(path))) {
    const text = readFileSync(file, "utf8");
    writeFileSync(file, renameModules(text, { "alb-static-ip": "alb-static-ip-cdktn" }));
  }
}

/**
 * The cdktf consumer's synths, to compare with: consumer-project's apps with the packed alb-static-ip and this
 * repository's cdktf peers (the versions consumer-project.test.ts installs, from the same lock), linked rather than
 * installed again.
 */
function synthesizeCdktfConsumer(dir: string, tarball: string): Record<StackName, Stack> {
  const modules = join(dir, "node_modules");
  mkdirSync(join(modules, "alb-static-ip"), { recursive: true });
  mkdirSync(join(modules, "@cdktf"));
  execFileSync("tar", ["-xzf", tarball, "-C", join(modules, "alb-static-ip"), "--strip-components=1"]);
  for (const name of ["@cdktf/provider-aws", "cdktf", "constructs", "zod"]) {
    symlinkSync(join(PROJECT_ROOT, "node_modules", name), join(modules, name));
  }
  for (const file of [...Object.values(APPS), "tsconfig.json", "cdktf.json"]) {
    cpSync(join(__dirname, "consumer-project", file), join(dir, file));
  }
  mkdirSync(join(dir, ".tmp"));
  const synth = (stack: StackName) => {
    const outdir = join(dir, `cdktf.out-${stack}`);
    const tsNode = join(PROJECT_ROOT, "node_modules/ts-node/register/transpile-only");
    execFileSync(process.execPath, ["-r", tsNode, APPS[stack]], {
      cwd: dir,
      env: { ...consumerEnv(dir), CDKTF_OUTDIR: outdir, TS_NODE_PROJECT: join(dir, "tsconfig.json") },
      stdio: "pipe",
    });
    return readStack(join(outdir, "stacks", stack), dir);
  };
  return { edge: synth("edge"), "two-albs": synth("two-albs") };
}

/** `env` with `runtime`'s Node first on PATH, so that cdktn and the app it runs (`npx ts-node main.ts`) run on it. */
function onNode(runtime: NodeRuntime, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, PATH: `${dirname(runtime.execPath)}:${env.PATH ?? ""}` };
}

interface Stack {
  readonly terraform: { readonly required_providers: Record<string, unknown> };
  readonly provider: Record<string, unknown>;
  readonly resource: Record<string, Record<string, Record<string, unknown>>>;
  readonly data: Record<string, Record<string, Record<string, unknown>>>;
}

/** A stack's cdk.tf.json, its project's folder (in the local backend's path) written `<project>`. */
function readStack(stackDir: string, projectDir: string): Stack {
  const text = readFileSync(join(stackDir, "cdk.tf.json"), "utf8");
  return JSON.parse(text.replaceAll(projectDir, "<project>")) as Stack;
}

/** `type.name` of each resource (or data source) in a block. */
function addresses(block: Stack["resource"] | undefined): string[] {
  return Object.entries(block ?? {})
    .flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`))
    .sort();
}

/** The paths (`a.b.0.c`) under `at` where `a` and `b` differ, metadata left out. */
function differences(a: unknown, b: unknown, at = ""): string[] {
  const path = (key: string) => (at === "" ? key : `${at}.${key}`);
  if (a !== null && b !== null && typeof a === "object" && typeof b === "object") {
    if (Array.isArray(a) !== Array.isArray(b)) return [at];
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((key) => key !== "//").sort();
    return keys.flatMap((key) =>
      differences((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], path(key)),
    );
  }
  return a === b ? [] : [at];
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

function sha256(file: string): string {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

interface PackedManifest {
  readonly peerDependencies: Record<string, string>;
}

function tarballManifest(tarball: string): PackedManifest {
  return JSON.parse(
    execFileSync("tar", ["-xzOf", tarball, "package/package.json"], { encoding: "utf8" }),
  ) as PackedManifest;
}
