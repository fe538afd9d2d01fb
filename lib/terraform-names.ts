/**
 * Terraform addresses for the stack's resources. An address is a resource's identity in the state: a changed address
 * is a different resource, destroyed and created again, and `prevent_destroy` does not guard a resource that has left
 * the configuration. So addresses depend on nothing a deployed stack may still change.
 */
import type { TerraformElement, TerraformResource } from "cdktf";

/** `"us-east-1a"` → `"us_east_1a"`; `"my-app"` → `"my_app"`. */
export function terraformId(...parts: readonly (string | number)[]): string {
  return parts.map((part) => String(part).replace(/[^A-Za-z0-9_]/g, "_")).join("_");
}

/** Gives a resource a fixed address instead of one derived from its construct path. */
export function atAddress<T extends TerraformElement>(element: T, ...parts: readonly (string | number)[]): T {
  element.overrideLogicalId(terraformId(...parts));
  return element;
}

/**
 * Adds a `moved` block from `<prefix>_<the resource's name>` (the blog's addresses, `aws_eip.app_us_east_1a` for
 * `aws_eip.us_east_1a` with prefix `app`), so that a state holding the resource there keeps it. A state with nothing
 * at that address is left as it is.
 */
export function movedFromPrefixed<T extends TerraformResource>(resource: T, prefix: string): T {
  resource.moveFromId(`${resource.terraformResourceType}.${terraformId(prefix, resource.friendlyUniqueId)}`);
  return resource;
}
