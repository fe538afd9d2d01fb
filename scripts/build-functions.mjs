// Bundles each Lambda handler (functions/<name>/index.ts) into dist/functions/<name>/index.js: one CommonJS file,
// the AWS SDK included, for Node 22 (the nodejs22.x runtime). A `*.lazy.ts` module beside it is bundled on its own
// (`*.lazy.js`) and required only when needed, so that code one mode needs does not slow every cold start.
// Each file gets a linked source map (`index.js.map`, named by a sourceMappingURL comment, which Node's
// --enable-source-maps needs) and names are kept, so a stack trace in the logs reads
// `at query (…/functions/target-sync/dns-discovery.ts:74:11)` instead of `at o (index.js:59:183077)`. The maps hold
// the function's own code only, without its text: Node reads and decodes a whole map on a cold start and again on
// the first stack trace, and the AWS SDK's mappings, 98% of the full map, cost ~300 ms there (see the bench); frames
// inside the SDK keep their names, with the bundle's positions.
// Deterministic output keeps the stack's asset hash stable across builds and checkouts: no timestamps, and the
// maps' source paths are computed as if the bundle were in dist/functions/<name> whatever folder it is written to,
// so they are relative (`../../../functions/<name>/…`) and the same everywhere.
// Usage: node scripts/build-functions.mjs [output root, default dist/functions]
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { decode, encode } from "@jridgewell/sourcemap-codec";
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
  const files = outputFiles.map((file) => ({
    name: basename(file.path),
    contents: file.path.endsWith(".map") ? ownCodeOnly(file.text) : file.text,
  }));
  for (const file of files) writeFileSync(join(outdir, file.name), file.contents);
  console.log(`built ${outdir}: ${files.map((file) => `${file.name} ${kib(file.contents)}`).join(", ")}`);
}

/** The source map with only the mappings into the function's own code, and the sources and names they use. */
function ownCodeOnly(mapJson) {
  const map = JSON.parse(mapJson);
  const sources = new Map();
  const names = new Map();
  /** The index of `value` in the trimmed list `kept`, added on first use, so that both lists keep their order. */
  const keep = (kept, value) => {
    if (!kept.has(value)) kept.set(value, kept.size);
    return kept.get(value);
  };
  const mappings = decode(map.mappings).map((line) =>
    line
      .filter((segment) => segment.length > 1 && !map.sources[segment[1]].includes("/node_modules/"))
      .map(([column, source, sourceLine, sourceColumn, name]) => [
        column,
        keep(sources, map.sources[source]),
        sourceLine,
        sourceColumn,
        ...(name === undefined ? [] : [keep(names, map.names[name])]),
      ]),
  );
  return JSON.stringify({
    version: 3,
    sources: [...sources.keys()],
    names: [...names.keys()],
    mappings: encode(mappings),
  });
}

function kib(text) {
  return `${(Buffer.byteLength(text) / 1024).toFixed(0)} KiB`;
}
