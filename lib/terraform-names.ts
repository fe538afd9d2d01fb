/**
 * Terraform addresses for the stack's resources. They follow the blog's Terraform (`aws_eip.app_us_east_1a`,
 * `aws_lb_target_group.app_public_443`, …) so that an existing blog deployment is adopted in place.
 */
import type { TerraformElement } from "cdktf";

/** `"us-east-1a"` → `"us_east_1a"`; `"my-app"` → `"my_app"`. */
export function terraformId(...parts: readonly (string | number)[]): string {
  return parts.map((part) => String(part).replace(/[^A-Za-z0-9_]/g, "_")).join("_");
}

/** Gives a resource a fixed address instead of one derived from its construct path. */
export function atAddress<T extends TerraformElement>(element: T, ...parts: readonly (string | number)[]): T {
  element.overrideLogicalId(terraformId(...parts));
  return element;
}
