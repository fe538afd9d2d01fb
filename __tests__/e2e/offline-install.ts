/**
 * Installs a consumer project's dependencies offline, as a clean CI machine can right after `npm ci`: npm's cache then
 * holds this repository's tarballs (by integrity) but not necessarily the registry's package documents, which
 * resolving a version needs. So the consumer gets a lockfile written from this repository's (the same versions, at
 * the same paths), and `npm ci --offline` installs it from the cache alone.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { PROJECT_ROOT } from "../synthesis/stack";

interface LockedPackage {
  readonly version?: string;
  readonly resolved?: string;
  readonly integrity?: string;
  readonly dependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
  readonly peerDependenciesMeta?: Record<string, { readonly optional?: boolean }>;
  readonly optional?: boolean;
  readonly [field: string]: unknown;
}

export interface ConsumerManifest {
  readonly name: string;
  readonly dependencies: Record<string, string>;
  readonly devDependencies: Record<string, string>;
}

/**
 * Each package's version in this repository's install (or in the install of `lockDir`, a folder with its own
 * package-lock.json, like the cdktn toolchain's), as a consumer's exact spec.
 */
export function lockedVersion(name: string, lockDir: string = PROJECT_ROOT): string {
  const version = lockOf(lockDir)[`node_modules/${name}`]?.version;
  if (version === undefined) throw new Error(`${name} is not in ${join(lockDir, "package-lock.json")}`);
  return version;
}

/**
 * Writes `package.json` and `package-lock.json` in `dir` for `manifest`, whose dependency `tarball` (a path) is
 * the packed package, and runs `npm ci --offline` there. Every other dependency comes from this repository's lock,
 * or from `lockDir`'s (whose `npm ci` has put its tarballs in npm's cache).
 */
export function installOffline(
  dir: string,
  manifest: ConsumerManifest,
  tarball: string,
  lockDir: string = PROJECT_ROOT,
): void {
  const packed = tarballManifest(tarball);
  const spec = `file:${relative(dir, tarball)}`;
  const root = {
    name: manifest.name,
    version: "1.0.0",
    dependencies: { ...manifest.dependencies, [packed.name]: spec },
    devDependencies: manifest.devDependencies,
  };
  const lock = lockOf(lockDir);
  const packages: Record<string, LockedPackage> = {};
  const pending = [...Object.keys(root.dependencies), ...Object.keys(root.devDependencies)]
    .filter((name) => name !== packed.name)
    .concat(Object.keys(packed.dependencies ?? {}))
    .map((name) => ({ from: "", name, optional: false }));
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const key = resolveIn(lock, next.from, next.name);
    if (key === undefined) {
      if (next.optional) continue;
      throw new Error(`${next.name} (needed by ${next.from || "the consumer"}) is not in ${lockDir}'s lock`);
    }
    if (packages[key] !== undefined) continue;
    // Whether a package is a dev dependency is the consumer's to say; npm ci recomputes it.
    const { dev: _dev, devOptional: _devOptional, peer: _peer, ...entry } = lock[key];
    packages[key] = { ...entry, resolved: entry.resolved ?? registryTarball(key, entry) };
    const optionalPeers = entry.peerDependenciesMeta ?? {};
    for (const name of Object.keys(entry.dependencies ?? {})) pending.push({ from: key, name, optional: false });
    for (const name of Object.keys(entry.optionalDependencies ?? {})) pending.push({ from: key, name, optional: true });
    for (const name of Object.keys(entry.peerDependencies ?? {})) {
      pending.push({ from: key, name, optional: optionalPeers[name]?.optional === true });
    }
  }
  packages[`node_modules/${packed.name}`] = {
    version: packed.version,
    resolved: spec,
    integrity: `sha512-${createHash("sha512").update(readFileSync(tarball)).digest("base64")}`,
    dependencies: packed.dependencies,
    peerDependencies: packed.peerDependencies,
  };

  writeFileSync(join(dir, "package.json"), `${JSON.stringify(root, null, 2)}\n`);
  writeFileSync(
    join(dir, "package-lock.json"),
    `${JSON.stringify({ name: root.name, version: root.version, lockfileVersion: 3, requires: true, packages: { "": root, ...packages } }, null, 2)}\n`,
  );
  execFileSync("npm", ["ci", "--offline", "--ignore-scripts", "--no-audit", "--no-fund"], {
    cwd: dir,
    env: consumerEnv(dir),
    stdio: "pipe",
    maxBuffer: 64 * 1024 * 1024,
  });
}

/**
 * The environment of a command run in the consumer project: without the npm settings of the `npm test` that may be
 * running this (they name this repository), and with temporary files inside the project, removed with it.
 */
export function consumerEnv(dir: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name) && !name.startsWith("JEST_")),
  );
  return { ...env, TMPDIR: join(dir, ".tmp"), CHECKPOINT_DISABLE: "1", CI: "true" };
}

/**
 * The registry's URL of a package's tarball, which a lockfile written with `omit-lockfile-registry-resolved` leaves
 * out: without it, npm would ask the registry where the tarball is, offline or not. (npm maps the npmjs host to the
 * configured registry.)
 */
function registryTarball(key: string, entry: LockedPackage): string {
  const name = key.slice(key.lastIndexOf("node_modules/") + "node_modules/".length);
  return `https://registry.npmjs.org/${name}/-/${name.split("/").pop()}-${entry.version}.tgz`;
}

/** Where Node would find `name` from the package at `from` ("" for the root), as a key of the lock's packages. */
function resolveIn(lock: Record<string, LockedPackage>, from: string, name: string): string | undefined {
  for (let base = from; ; base = base.slice(0, Math.max(0, base.lastIndexOf("/node_modules/")))) {
    const key = base === "" ? `node_modules/${name}` : `${base}/node_modules/${name}`;
    if (lock[key] !== undefined) return key;
    if (base === "") return undefined;
  }
}

const locks = new Map<string, Record<string, LockedPackage>>();
function lockOf(lockDir: string): Record<string, LockedPackage> {
  let lock = locks.get(lockDir);
  if (lock === undefined) {
    lock = (
      JSON.parse(readFileSync(join(lockDir, "package-lock.json"), "utf8")) as {
        packages: Record<string, LockedPackage>;
      }
    ).packages;
    locks.set(lockDir, lock);
  }
  return lock;
}

interface PackedManifest {
  readonly name: string;
  readonly version: string;
  readonly dependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
}

/** The package.json inside a packed tarball. */
function tarballManifest(tarball: string): PackedManifest {
  return JSON.parse(
    execFileSync("tar", ["-xzOf", tarball, "package/package.json"], { encoding: "utf8" }),
  ) as PackedManifest;
}
