import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { TerraformOutput, TerraformStack, Testing } from "cdktf";
import { regionNameOf } from "../../lib/aws-region-name";

/** DataAwsRegion as @cdktn/provider-aws (hashicorp/aws 6) binds it: with a `region` attribute. */
class Provider6DataAwsRegion extends DataAwsRegion {
  get region(): string {
    return this.getStringAttribute("region");
  }
}

describe("regionNameOf", () => {
  it("reads `name` from hashicorp/aws 5's bindings, which have no `region`", () => {
    const stack = new TerraformStack(Testing.app(), "test");

    const name = regionNameOf(new DataAwsRegion(stack, "current"));

    expect(synthesized(stack, name)).toBe("${data.aws_region.current.name}");
  });

  it("reads `region` from hashicorp/aws 6's bindings, which deprecate `name`", () => {
    const stack = new TerraformStack(Testing.app(), "test");

    const name = regionNameOf(new Provider6DataAwsRegion(stack, "current"));

    expect(synthesized(stack, name)).toBe("${data.aws_region.current.region}");
  });
});

/** `value` as `stack` synthesizes it. */
function synthesized(stack: TerraformStack, value: string): unknown {
  new TerraformOutput(stack, "value", { value });
  return (JSON.parse(Testing.synth(stack)) as { output: { value: { value: unknown } } }).output.value.value;
}
