import { execFileSync, execSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { appendFileSync, cpSync, mkdtempSync, readFileSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Testing } from "cdktf";
import { TargetSyncFunction } from "../../lib/target-sync-function";
import { exampleConfigWith, PROJECT_ROOT, synthStackToDisk } from "../synthesis/stack";

function buildInto(outRoot: string): string {
  execFileSync(process.execPath, [join(PROJECT_ROOT, "scripts/build-functions.mjs"), outRoot], { stdio: "pipe" });
  return join(outRoot, "target-sync");
}

/** The source code hash of the function built from `bundleDir`. */
function sourceCodeHash(bundleDir: string): string {
  const tf = JSON.parse(
    Testing.synthScope((scope) => {
      new TargetSyncFunction(scope, "sync", {
        functionName: "hash",
        bundleDir,
        albDnsName: "internal-app-1234567890.us-east-1.elb.amazonaws.com",
        stateBucket: { name: "static-lb", arn: "arn:aws:s3:::static-lb" },
        targetGroups: [{ arn: "arn:tg", albPort: 443 }],
        nlbZones: ["us-east-1a"],
        crossZone: true,
      });
    }),
  ) as { resource: { aws_lambda_function: { static_lb_sync: { source_code_hash: string } } } };
  return tf.resource.aws_lambda_function.static_lb_sync.source_code_hash;
}

describe("the function's asset", () => {
  it("has the same content hash when the same source is built twice", () => {
    const first = buildInto(mkdtempSync(join(tmpdir(), "build-a-")));
    const second = buildInto(mkdtempSync(join(tmpdir(), "build-b-")));

    expect(sourceCodeHash(first)).toBe(sourceCodeHash(second));
    expect(sourceCodeHash(first)).toBe(sourceCodeHash(join(PROJECT_ROOT, "dist/functions/target-sync")));
  });

  it("ships the handler, its lazy module and their source maps at the root of the zip Lambda gets", () => {
    const stackDir = synthStackToDisk(exampleConfigWith({}));
    const tf = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8")) as {
      resource: { aws_lambda_function: { static_lb_sync: { filename: string } } };
    };

    const zip = readFileSync(join(stackDir, tf.resource.aws_lambda_function.static_lb_sync.filename));

    expect(zipEntryNames(zip).sort()).toEqual([
      "eni-discovery.lazy.js",
      "eni-discovery.lazy.js.map",
      "index.js",
      "index.js.map",
    ]);
  });

  it("has source maps of the function's own code only, by relative paths and without its text", () => {
    for (const file of ["index.js.map", "eni-discovery.lazy.js.map"]) {
      const map = JSON.parse(readFileSync(join(PROJECT_ROOT, "dist/functions/target-sync", file), "utf8")) as {
        sources: string[];
        sourcesContent?: unknown;
      };

      expect(map.sources).toContain(`../../../functions/target-sync/${file.replace(/\.js\.map$/, ".ts")}`);
      expect(map.sources.filter((source) => !source.startsWith("../../../functions/target-sync/"))).toEqual([]);
      expect(map.sourcesContent).toBeUndefined();
    }
  });

  it("refuses to synthesize without a built bundle, saying how to build it", () => {
    expect(() => sourceCodeHash(mkdtempSync(join(tmpdir(), "empty-")))).toThrow(
      /no index\.js in .*; run `npm run build`/,
    );
  });
});

describe("cdktf's app command", () => {
  it("builds the function from source first, so a changed source file changes the asset hash", () => {
    const project = copyOfProject();
    const marker = randomUUID();
    appendFileSync(join(project, "functions/target-sync/index.ts"), `\nexport const changedByTest = "${marker}";\n`);

    const stackDir = runApp(project);

    const tf = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8")) as {
      resource: { aws_lambda_function: { static_lb_sync: { source_code_hash: string } } };
    };
    expect(tf.resource.aws_lambda_function.static_lb_sync.source_code_hash).not.toBe(
      sourceCodeHash(join(PROJECT_ROOT, "dist/functions/target-sync")),
    );
    expect(readFileSync(join(project, "dist/functions/target-sync/index.js"), "utf8")).toContain(marker);
  }, 120_000);
});

/** The project's sources, config and last build (`dist/`, stale once a source changes) in a temporary folder. */
function copyOfProject(): string {
  const project = mkdtempSync(join(tmpdir(), "project-"));
  for (const entry of ["cdktf.json", "main.ts", "tsconfig.json", "package.json", "static-ip.config.json"]) {
    cpSync(join(PROJECT_ROOT, entry), join(project, entry));
  }
  for (const folder of ["lib", "functions", "scripts", "dist"]) {
    cpSync(join(PROJECT_ROOT, folder), join(project, folder), { recursive: true });
  }
  symlinkSync(join(PROJECT_ROOT, "node_modules"), join(project, "node_modules"), "dir");
  return project;
}

/** Runs cdktf.json's `app` as cdktf does (in a shell, told where to write), and returns the stack's folder. */
function runApp(project: string): string {
  const { app } = JSON.parse(readFileSync(join(project, "cdktf.json"), "utf8")) as { app: string };
  const outdir = join(project, "cdktf.out");
  execSync(app, { cwd: project, env: { ...process.env, CDKTF_OUTDIR: outdir }, stdio: "pipe" });
  return join(outdir, "stacks", exampleConfigWith({}).stackName);
}

/** The names in a zip's central directory, found through its end record (APPNOTE 4.3.12 and 4.3.16). */
function zipEntryNames(zip: Buffer): string[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const entries = zip.readUInt16LE(end + 10);
  const names: string[] = [];
  for (let offset = zip.readUInt32LE(end + 16), i = 0; i < entries; i++) {
    const nameLength = zip.readUInt16LE(offset + 28);
    names.push(zip.toString("utf8", offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + zip.readUInt16LE(offset + 30) + zip.readUInt16LE(offset + 32);
  }
  return names;
}
