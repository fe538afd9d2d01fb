// The one difference between the cdktf and the cdktn source of a program: the names of the modules it imports.
// CDK Terrain renamed cdktf's packages and nothing inside them that this project uses, so a cdktf source becomes a
// cdktn source by renaming `cdktf` -> `cdktn`, `cdktf/…` -> `cdktn/…` and `@cdktf/provider-aws/…` ->
// `@cdktn/provider-aws/…`, plus any names the caller adds (the consumer test: `alb-static-ip` -> `alb-static-ip-cdktn`).
// Only the module names TypeScript itself finds are renamed (import, export … from, require(), import()), never the
// rest of the text. CommonJS, so that the build (ESM) and the tests (Jest, CommonJS) share it.
const { join } = require("node:path");
const ts = require(require.resolve("typescript", { paths: [join(__dirname, "..")] }));

/**
 * The cdktn name of module `name`: its cdktf package renamed, or `renames[name]`, else `name` itself.
 * @param {string} name
 * @param {Readonly<Record<string, string>>} [renames]
 * @returns {string}
 */
function cdktnModuleName(name, renames = {}) {
  if (Object.hasOwn(renames, name)) return renames[name];
  if (name === "cdktf" || name.startsWith("cdktf/")) return `cdktn${name.slice("cdktf".length)}`;
  if (name === "@cdktf/provider-aws" || name.startsWith("@cdktf/provider-aws/")) {
    return `@cdktn${name.slice("@cdktf".length)}`;
  }
  return name;
}

/**
 * `text`, a TypeScript or JavaScript source, with each module name it imports renamed by `cdktnModuleName`.
 * @param {string} text
 * @param {Readonly<Record<string, string>>} [renames]
 * @returns {string}
 */
function renameModules(text, renames = {}) {
  const { importedFiles } = ts.preProcessFile(text, true, true);
  let renamed = "";
  let at = 0;
  for (const { fileName, pos } of [...importedFiles].sort((a, b) => a.pos - b.pos)) {
    // `pos` is the string literal's opening quote.
    const start = pos + 1;
    if (text.slice(start, start + fileName.length) !== fileName) {
      throw new Error(`expected the module name "${fileName}" at offset ${start}`);
    }
    renamed += text.slice(at, start) + cdktnModuleName(fileName, renames);
    at = start + fileName.length;
  }
  return renamed + text.slice(at);
}

module.exports = { cdktnModuleName, renameModules };
