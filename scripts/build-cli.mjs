// Bundles the operator's command (cli/index.ts) into dist/cli/index.js: one CommonJS file with the function's code
// and the AWS SDK inside (ENI discovery included, not lazily loaded: a command's start-up is not a cold start).
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outfile = join(root, "dist/cli/index.js");
await build({
  entryPoints: [join(root, "cli/index.ts")],
  outfile,
  bundle: true,
  platform: "node",
  target: "node22",
  format: "cjs",
  minify: true,
  legalComments: "none",
  logLevel: "warning",
});
console.log(`built ${outfile}`);
