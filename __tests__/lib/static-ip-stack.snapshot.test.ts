import { exampleDualStackConfigWith } from "../synthesis/address-configs";
import { exampleAlbModeConfigWith, exampleConfigWith, synthStack } from "../synthesis/stack";

/**
 * Replaces only what legitimately changes between builds and releases: the function bundle's content hash (in the
 * asset path and source_code_hash) and the pinned provider version.
 */
function normalise(json: string): unknown {
  const tf = JSON.parse(json.replace(/[0-9A-F]{32}/g, "<asset-hash>")) as {
    terraform: { required_providers: Record<string, { version: string }> };
  };
  for (const provider of Object.values(tf.terraform.required_providers)) provider.version = "<provider-version>";
  return tf;
}

describe("the synthesized example stack", () => {
  it("matches the reviewed snapshot", () => {
    expect(normalise(synthStack(exampleConfigWith({})).json)).toMatchSnapshot();
  });
});

describe("the synthesized stack of the ALB itself as the target, behind an allowlist", () => {
  it("matches the reviewed snapshot", () => {
    const config = exampleAlbModeConfigWith({
      allowedSources: ["203.0.113.0/24"],
      albSecurityGroupId: "sg-0123456789abcdef0",
      healthCheck: { path: "/health" },
    });
    expect(normalise(synthStack(config).json)).toMatchSnapshot();
  });
});

describe("the synthesized dual-stack stack, behind an allowlist of IPv4 and IPv6 sources", () => {
  it("matches the reviewed snapshot", () => {
    const config = exampleDualStackConfigWith({ allowedSources: ["203.0.113.0/24", "2001:db8::/32"] });
    expect(normalise(synthStack(config).json)).toMatchSnapshot();
  });
});
