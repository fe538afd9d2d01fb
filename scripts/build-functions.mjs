// Bundles each Lambda handler (functions/<name>/index.ts) into dist/functions/<name>/index.js: one CommonJS file,
// the AWS SDK included, for Node 22 (the nodejs22.x runtime). A `*.lazy.ts` module beside it is bundled on its own
// (`*.lazy.js`) and required only when needed, so that code one mode needs does not slow every cold start.
// Each file gets a linked source map (`index.js.map`, named by a sourceMappingURL comment, which Node's
// --enable-source-maps needs) without the sources' text, and names are kept, so a stack trace in the logs reads
// `at query (…/functions/target-sync/dns-discovery.ts:74:11)` instead of `at o (index.js:59:183077)`.
// Deterministic output keeps the stack's asset hash stable across builds and checkouts: no timestamps, and the
// maps' source paths are computed as if the bundle were in dist/functions/<name> whatever folder it is written to,
// so they are relative (`../../../functions/<name>/…`) and the same everywhere.
// Usage: node scripts/build-functions.mjs [output root, default dist/functions]
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
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
  mkdirSync(outdir, { recursive: true });
  const source = join(root, "functions", name);
  const lazy = readdirSync(source).filter((file) => file.endsWith(".lazy.ts"));
  const { outputFiles } = await build({
    entryPoints: ["index.ts", ...lazy].map((file) => join(source, file)),
    outdir: join(root, "dist/functions", name),
    write: false,
    external: ["./*.lazy.js"],
    bundle: true,
    platform: "node",
    target: "node22",
    format: "cjs",
    minify: true,
    keepNames: true,
    sourcemap: "linked",
    sourcesContent: false,
    legalComments: "none",
    logLevel: "warning",
  });
  for (const file of outputFiles) writeFileSync(join(outdir, basename(file.path)), file.contents);
  const sizes = outputFiles.map((file) => `${basename(file.path)} ${(file.contents.length / 1024).toFixed(0)} KiB`);
  console.log(`built ${outdir}: ${sizes.join(", ")}`);
}
