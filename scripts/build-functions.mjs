// Bundles each Lambda handler (functions/<name>/index.ts) into dist/functions/<name>/index.js: one CommonJS file,
// the AWS SDK included, for Node 20, so the same artifact runs on the nodejs22.x runtime and in the tests here.
// A `*.lazy.ts` module beside it is bundled on its own (`*.lazy.js`) and required only when needed, so that code
// one mode needs does not slow every cold start.
// Deterministic output (no source maps, no timestamps) keeps the stack's asset hash stable across builds.
// Usage: node scripts/build-functions.mjs [output root, default dist/functions]
import { readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outRoot = process.argv[2] ?? join(root, "dist/functions");
const functions = readdirSync(join(root, "functions"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

for (const name of functions) {
  const outdir = join(outRoot, name);
  rmSync(outdir, { recursive: true, force: true });
  const source = join(root, "functions", name);
  const lazy = readdirSync(source).filter((file) => file.endsWith(".lazy.ts"));
  const result = await build({
    entryPoints: ["index.ts", ...lazy].map((file) => join(source, file)),
    outdir,
    external: ["./*.lazy.js"],
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    minify: true,
    legalComments: "none",
    metafile: true,
    logLevel: "warning",
  });
  const files = Object.entries(result.metafile.outputs).map(
    ([file, output]) => `${file.split("/").pop()} ${(output.bytes / 1024).toFixed(0)} KiB`,
  );
  console.log(`built ${outdir}: ${files.join(", ")}`);
}
