const { cdktnModuleName, renameModules } = require("../../scripts/cdktn-modules.cjs") as {
  cdktnModuleName(name: string, renames?: Readonly<Record<string, string>>): string;
  renameModules(text: string, renames?: Readonly<Record<string, string>>): string;
};

describe("cdktnModuleName", () => {
  it.each([
    ["cdktf", "cdktn"],
    ["cdktf/lib/testing/adapters/jest", "cdktn/lib/testing/adapters/jest"],
    ["@cdktf/provider-aws/lib/lb", "@cdktn/provider-aws/lib/lb"],
    ["constructs", "constructs"],
    ["cdktf-cli", "cdktf-cli"],
    ["./cdktf-names", "./cdktf-names"],
  ])("names %s %s", (cdktf, cdktn) => {
    expect(cdktnModuleName(cdktf)).toBe(cdktn);
  });
});

describe("renameModules", () => {
  it("renames the module names of imports, exports, require() and import(), and nothing else", () => {
    const source = [
      'import { Lb } from "@cdktf/provider-aws/lib/lb";',
      'import type { App } from "cdktf";',
      'export { Fn } from "cdktf";',
      'const cdktf = require("cdktf");',
      'const later = import("cdktf/lib/testing");',
      '// cdktf synth writes "cdktf.out"; "@cdktf/provider-aws" is named here in a comment',
      'const folder = "cdktf.out";',
    ].join("\n");

    expect(renameModules(source).split("\n")).toEqual([
      'import { Lb } from "@cdktn/provider-aws/lib/lb";',
      'import type { App } from "cdktn";',
      'export { Fn } from "cdktn";',
      'const cdktf = require("cdktn");',
      'const later = import("cdktn/lib/testing");',
      '// cdktf synth writes "cdktf.out"; "@cdktf/provider-aws" is named here in a comment',
      'const folder = "cdktf.out";',
    ]);
  });

  it("renames the caller's own modules too", () => {
    expect(
      renameModules('import { AlbStaticIps } from "alb-static-ip";', { "alb-static-ip": "alb-static-ip-cdktn" }),
    ).toBe('import { AlbStaticIps } from "alb-static-ip-cdktn";');
  });
});
