// Builds alb-static-ip-cdktn, the same construct library for CDK Terrain (cdktn) users, from the same source as
// alb-static-ip, into dist/cdktn/ (a package folder: `npm pack dist/cdktn`). Run after the cdktf build
// (scripts/build-functions.mjs, build-cli.mjs), whose outputs it copies byte for byte.
//
//   1. The library's sources are the files the cdktf library compiles (tsconfig.lib.json's program, outside
//      node_modules). Each is written to packages/cdktn/.src/ with its module names renamed, and nothing else
//      (scripts/cdktn-modules.cjs): `cdktf` -> `cdktn`, `@cdktf/provider-aws/…` -> `@cdktn/provider-aws/…`.
//   2. They compile, with tsconfig.lib.json's options, against the cdktn toolchain in packages/cdktn/node_modules
//      (found from packages/cdktn/.src/ by Node's own lookup), into dist/cdktn/dist/library/: a type error against
//      cdktn's or provider 6's bindings fails the build.
//   3. The prebuilt function (dist/functions/target-sync) and the operator's command (dist/cli, bin/) are copied
//      unchanged: the same zip, the same asset hash, under either package.
//   4. package.json is the project's, renamed, with the cdktn peers at the toolchain's exact versions (the versions
//      the tests install), README and LICENSE the project's.
// Usage: node scripts/build-cdktn.mjs
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const toolchain = join(root, "packages/cdktn");
const staging = join(toolchain, ".src");
const out = join(root, "dist/cdktn");
const require = createRequire(import.meta.url);
const ts = require("typescript");
const { cdktnModuleName, renameModules } = require("./cdktn-modules.cjs");

function fail(message) {
  console.error(`build-cdktn: ${message}`);
  process.exit(1);
}

function diagnosticsText(diagnostics) {
  return ts.formatDiagnosticsWithColorAndContext(diagnostics, {
    getCanonicalFileName: (name) => name,
    getCurrentDirectory: () => root,
    getNewLine: () => "\n",
  });
}

function build() {
  if (!existsSync(join(toolchain, "node_modules/cdktn"))) {
    fail("the cdktn toolchain is not installed: run `npm ci --prefix packages/cdktn` (the project's postinstall does)");
  }
  for (const built of ["dist/functions/target-sync/index.js", "dist/cli/index.js"]) {
    if (!existsSync(join(root, built))) fail(`${built} is missing: run the cdktf build first (\`npm run build\`)`);
  }

  // 1. The cdktf library's own files, renamed.
  const libConfig = ts.getParsedCommandLineOfConfigFile(
    join(root, "tsconfig.lib.json"),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => fail(diagnosticsText([diagnostic])),
    },
  );
  const sources = ts
    .createProgram(libConfig.fileNames, { ...libConfig.options })
    .getSourceFiles()
    .map((file) => file.fileName)
    .filter((file) => !file.includes("/node_modules/"));
  rmSync(staging, { recursive: true, force: true });
  for (const file of sources) {
    const target = join(staging, relative(root, file));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, renameModules(readFileSync(file, "utf8")));
  }

  // 2. Compiled against cdktn.
  rmSync(out, { recursive: true, force: true });
  const program = ts.createProgram(
    libConfig.fileNames.map((file) => join(staging, relative(root, file))),
    {
      ...libConfig.options,
      rootDir: staging,
      outDir: join(out, "dist/library"),
      typeRoots: [join(toolchain, "node_modules/@types")],
    },
  );
  const emitted = program.emit();
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics];
  if (diagnostics.length > 0) fail(`the library does not compile against cdktn:\n${diagnosticsText(diagnostics)}`);

  // 3. The same function and command.
  cpSync(join(root, "dist/functions/target-sync"), join(out, "dist/functions/target-sync"), { recursive: true });
  cpSync(join(root, "dist/cli"), join(out, "dist/cli"), { recursive: true });
  cpSync(join(root, "bin"), join(out, "bin"), { recursive: true });
  for (const file of ["README.md", "LICENSE"]) cpSync(join(root, file), join(out, file));

  // 4. The manifest.
  writeFileSync(join(out, "package.json"), `${JSON.stringify(cdktnManifest(), null, 2)}\n`);
  console.log(`built ${relative(root, out)} (alb-static-ip-cdktn) from ${sources.length} library files`);
}

/** The project's package.json as alb-static-ip-cdktn's: its peers cdktn's, at the toolchain's versions. */
function cdktnManifest() {
  const project = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const pinned = JSON.parse(readFileSync(join(toolchain, "package.json"), "utf8")).dependencies;
  const peers = Object.fromEntries(
    Object.keys(project.peerDependencies).map((name) => {
      const cdktn = cdktnModuleName(name);
      if (pinned[cdktn] === undefined) fail(`packages/cdktn/package.json pins no ${cdktn} (the peer for ${name})`);
      return [cdktn, pinned[cdktn]];
    }),
  );
  return {
    name: `${project.name}-cdktn`,
    version: project.version,
    description: project.description.replace("(cdktf)", "(CDK Terrain, cdktn)"),
    license: project.license,
    keywords: project.keywords.map((keyword) => keyword.replace(/^cdktf/, "cdktn")),
    main: project.main,
    types: project.types,
    exports: project.exports,
    files: project.files,
    engines: project.engines,
    bin: project.bin,
    dependencies: project.dependencies,
    peerDependencies: peers,
  };
}

build();
