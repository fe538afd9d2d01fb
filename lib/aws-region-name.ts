import type { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";

/**
 * The region's name from an `aws_region` data source, read as the AWS provider of the bindings in use wants it:
 * `region` under hashicorp/aws 6 (cdktn's @cdktn/provider-aws 25), which deprecates `name`; `name` under 5 (cdktf's
 * @cdktf/provider-aws 20), which has no `region`. The same source is built for both (scripts/build-cdktn.mjs), and
 * the bindings tell which they are: only provider 6's have a `region` attribute.
 */
export function regionNameOf(region: DataAwsRegion): string {
  return region.getStringAttribute("region" in region ? "region" : "name");
}
