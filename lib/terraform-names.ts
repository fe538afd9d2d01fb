/**
 * Terraform addresses for the stack's resources. An address is a resource's identity in the state: a changed address
 * is a different resource, destroyed and created again, and `prevent_destroy` does not guard a resource that has left
 * the configuration. So addresses depend on nothing a deployed stack may still change.
 */
import { type TerraformElement, type TerraformResource, TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";

/** `"us-east-1a"` → `"us_east_1a"`; `"my-app"` → `"my_app"`. */
export function terraformId(...parts: readonly (string | number)[]): string {
  return parts.map((part) => String(part).replace(/[^A-Za-z0-9_]/g, "_")).join("_");
}

const addressScopes = new WeakSet<IConstruct>();

/**
 * Makes the addresses of the resources beneath `construct` begin with its path below the stack (`StaticIps`,
 * `Edge_StaticIps` when nested), so that two of them in one stack do not collide. As in cdktf's own logical ids, a
 * construct named `Default` is left out of the path: beneath it, addresses are the stack's own.
 */
export function scopeAddresses(construct: IConstruct): void {
  addressScopes.add(construct);
}

/** The ids the addresses beneath the nearest address scope of `element` begin with; none outside any. */
function addressScope(element: TerraformElement): string[] {
  const scopes = element.node.scopes;
  const scope = [...scopes].reverse().find((candidate) => addressScopes.has(candidate));
  if (scope === undefined) return [];
  const stack = TerraformStack.of(element);
  return scopes
    .slice(scopes.indexOf(stack) + 1, scopes.indexOf(scope) + 1)
    .map((construct) => construct.node.id)
    .filter((id) => id !== "Default");
}

/**
 * Gives a resource a fixed address instead of one derived from its construct path: `parts`, after its address
 * scope's path (`scopeAddresses`).
 */
export function atAddress<T extends TerraformElement>(element: T, ...parts: readonly (string | number)[]): T {
  element.overrideLogicalId(terraformId(...addressScope(element), ...parts));
  return element;
}

/**
 * Adds a `moved` block from `<prefix>_<parts>` (the blog's addresses, `aws_eip.app_us_east_1a` for the resource
 * placed at `us_east_1a` with prefix `app`), so that a state holding the resource there keeps it. A state with nothing
 * at that address is left as it is.
 */
export function movedFromPrefixed<T extends TerraformResource>(
  resource: T,
  prefix: string,
  ...parts: readonly (string | number)[]
): T {
  resource.moveFromId(`${resource.terraformResourceType}.${terraformId(prefix, ...parts)}`);
  return resource;
}
