import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * The folder of the built sync function in this package, `dist/functions/target-sync` under its root (where
 * `package.json` is). Found from this file, in `lib/` when run from source and in `dist/library/lib/` when installed,
 * never from the working folder: every `cdktf synth` of one package version zips the same files.
 */
export function targetSyncBundleDir(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${__dirname}: is this file outside its package?`);
    dir = parent;
  }
  return join(dir, "dist/functions/target-sync");
}
