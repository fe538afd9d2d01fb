import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Testing } from "cdktf";
import { StaticIpStack } from "../lib/static-ip-stack";
import { exampleConfigWith, PROJECT_ROOT } from "./support/stack";

function buildInto(outRoot: string): string {
  execFileSync(process.execPath, [join(PROJECT_ROOT, "scripts/build-functions.mjs"), outRoot], { stdio: "pipe" });
  return join(outRoot, "target-sync");
}

function sourceCodeHash(bundleDir: string): string {
  const app = Testing.app();
  const stack = new StaticIpStack(app, "hash", { config: exampleConfigWith({}), functionBundleDir: bundleDir });
  const tf = JSON.parse(Testing.synth(stack)) as { resource: { aws_lambda_function: { static_lb_sync: { source_code_hash: string } } } };
  return tf.resource.aws_lambda_function.static_lb_sync.source_code_hash;
}

describe("the function's asset", () => {
  it("has the same content hash when the same source is built twice", () => {
    const first = buildInto(mkdtempSync(join(tmpdir(), "build-a-")));
    const second = buildInto(mkdtempSync(join(tmpdir(), "build-b-")));

    expect(sourceCodeHash(first)).toBe(sourceCodeHash(second));
    expect(sourceCodeHash(first)).toBe(sourceCodeHash(join(PROJECT_ROOT, "dist/functions/target-sync")));
  });

  it("refuses to synthesize without a built bundle, saying how to build it", () => {
    expect(() => sourceCodeHash(mkdtempSync(join(tmpdir(), "empty-")))).toThrow(/no index\.js in .*; run `npm run build`/);
  });
});
