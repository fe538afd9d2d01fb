#!/usr/bin/env node
// The operator's command (cli/index.ts), as `npm run build` bundles it.
const { existsSync } = require("node:fs");
const { join } = require("node:path");

const built = join(__dirname, "../dist/cli/index.js");
if (!existsSync(built)) {
  process.stderr.write("alb-static-ip: not built yet; run `npm run build` first\n");
  process.exit(1);
}
process.argv[1] = built;
require(built)
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
