/**
 * The README against the code: its example is the consumer project's main.ts that the e2e test synthesizes and
 * plans, and its props table and config reference list exactly the fields the schemas (and the props interface) have.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { z } from "zod";
import type { AlbStaticIpsFunction, AlbStaticIpsProps } from "../lib";
import { configSchema, functionSchema, propsSchema } from "../lib/config";
import { PROJECT_ROOT } from "./synthesis/stack";

const readme = readFileSync(join(PROJECT_ROOT, "README.md"), "utf8");

/** The text of a `##`/`###` section, up to the next heading of its level or above. */
function section(heading: string): string {
  const start = readme.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`README has no "${heading}"`);
  const level = heading.split(" ")[0];
  const rest = readme.slice(start + heading.length + 2);
  const end = rest.search(new RegExp(`\\n#{2,${level.length}} `));
  return end < 0 ? rest : rest.slice(0, end);
}

/** The first column of a table's rows, unquoted. */
function tableFields(text: string): string[] {
  return [...text.matchAll(/^\| `([^`]+)` \|/gm)].map((match) => match[1]);
}

/** A schema's fields as the tables list them: `function` as one row per setting. */
function fieldsOf(shape: Record<string, unknown>): string[] {
  return Object.keys(shape).flatMap((field) =>
    field === "function" ? Object.keys(functionSchema.shape).map((setting) => `function.${setting}`) : [field],
  );
}

// The props interface and the props schema have the same fields, and so do their function settings.
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;
const propsMatchSchema: SameKeys<AlbStaticIpsProps, z.input<typeof propsSchema>> = true;
const functionMatchesSchema: SameKeys<AlbStaticIpsFunction, z.input<typeof functionSchema>> = true;

describe("the README", () => {
  it("starts with using the construct in your own cdktf app, before the app's own set-up", () => {
    expect(readme.indexOf("## Use it in your own cdktf app")).toBeLessThan(readme.indexOf("## Set up"));
  });

  it("shows the consumer project's main.ts, exactly as the e2e test synthesizes and plans it", () => {
    const example = /```ts\n([\s\S]*?)```/.exec(section("## Use it in your own cdktf app"))?.[1];
    const main = readFileSync(join(__dirname, "e2e/consumer-project/main.ts"), "utf8");

    expect(example).toBe(main);
  });

  it("shows cdktn users the same main.ts with cdktn's module names, and the peers the cdktn package pins", () => {
    const { renameModules } = require("../scripts/cdktn-modules.cjs") as {
      renameModules(text: string, renames: Readonly<Record<string, string>>): string;
    };
    const text = section("## Using cdktn");
    const example = /```ts\n([\s\S]*?)```/.exec(text)?.[1];
    const main = readFileSync(join(__dirname, "e2e/consumer-project/main.ts"), "utf8");
    const pinned = (
      JSON.parse(readFileSync(join(PROJECT_ROOT, "packages/cdktn/package.json"), "utf8")) as {
        dependencies: Record<string, string>;
      }
    ).dependencies;

    expect(example).toBe(renameModules(main, { "alb-static-ip": "alb-static-ip-cdktn" }));
    expect(text).toContain(
      `npm install alb-static-ip-cdktn cdktn@${pinned.cdktn} constructs@${pinned.constructs} @cdktn/provider-aws@${pinned["@cdktn/provider-aws"]}`,
    );
  });

  it("lists every prop in the props table, once, and nothing else", () => {
    expect([propsMatchSchema, functionMatchesSchema]).toEqual([true, true]);
    const rows = tableFields(section("### Props"));

    expect([...rows].sort()).toEqual(fieldsOf(propsSchema.shape).sort());
  });

  it("lists every config field in the config reference, once, and nothing else", () => {
    const rows = tableFields(section("### Config reference"));

    expect([...rows].sort()).toEqual(fieldsOf(configSchema.in.shape).sort());
  });
});
