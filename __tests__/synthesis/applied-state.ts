/**
 * Terraform state as `terraform apply` would have left it, made offline from plans: the planned values, with what
 * only AWS decides (ids, ARNs, addresses) made up in AWS's formats. `terraform plan -refresh=false` reads such a state
 * exactly as it reads a deployed stack's.
 */
import { createHash } from "node:crypto";
import type { ConfigModule, ResourceChange, TerraformPlan } from "./terraform";
import { terraformAsync } from "./terraform";

/** A state file, format version 4. */
export interface TerraformState {
  readonly version: 4;
  readonly terraform_version: string;
  readonly serial: number;
  readonly lineage: string;
  readonly outputs: Record<string, never>;
  readonly resources: readonly StateResource[];
}

export interface StateResource {
  readonly module?: string;
  readonly mode: "managed";
  readonly type: string;
  readonly name: string;
  readonly provider: string;
  readonly instances: readonly [StateInstance];
}

interface StateInstance {
  readonly schema_version: number;
  readonly attributes: Record<string, unknown>;
  readonly sensitive_attributes: readonly never[];
}

const ACCOUNT = "111122223333";
const AWS_PROVIDER = 'provider["registry.terraform.io/hashicorp/aws"]';

/** A resource type's schema, as `terraform providers schema -json` gives it. */
export interface ResourceSchema {
  readonly version: number;
  readonly block: Block;
}

interface Block {
  readonly attributes?: Record<string, { readonly type: CtyType }>;
  readonly block_types?: Record<string, { readonly nesting_mode: string; readonly block: Block }>;
}

type CtyType = string | readonly [string, CtyType | Record<string, CtyType>];

/**
 * Terraform's own `terraform_data`, which `providers schema` leaves out. Its values are of any type, which a state
 * records beside each value (`stateAttributes`).
 */
const TERRAFORM_DATA: ResourceSchema = {
  version: 0,
  block: {
    attributes: {
      id: { type: "string" },
      input: { type: "dynamic" },
      output: { type: "dynamic" },
      triggers_replace: { type: "dynamic" },
    },
  },
};

/** The resource schemas: a state records each resource's schema version, in attributes of its types. */
export async function resourceSchemas(root: string): Promise<Record<string, ResourceSchema>> {
  const schema = JSON.parse(await terraformAsync(root, "providers", "schema", "-json")) as {
    provider_schemas: Record<string, { resource_schemas: Record<string, ResourceSchema> }>;
  };
  return Object.assign(
    { terraform_data: TERRAFORM_DATA },
    ...Object.values(schema.provider_schemas).map((provider) => provider.resource_schemas),
  );
}

/** The state after applying `plan`, which must only create. */
export function appliedState(plan: TerraformPlan, schemas: Record<string, ResourceSchema>): TerraformState {
  const changes = plan.resource_changes ?? [];
  const identities = new Map(
    changes.map((change) => [change.address, identity(change.type, change.change.after ?? {}, change.address)]),
  );
  const references = referencesByAddress(plan.configuration?.root_module);
  const resources = changes.map((change) => {
    if (change.change.actions.join() !== "create") {
      throw new Error(`${change.address}: expected a plan that only creates, got ${change.change.actions.join()}`);
    }
    const schema = schemas[change.type];
    if (!schema) throw new Error(`${change.address}: no schema for ${change.type}`);
    const aws = identities.get(change.address) ?? {};
    const referenced = (name: string) =>
      referencedIdentity(
        references.get(`${change.address}#${name}`),
        change.module_address,
        identities,
        schema.block.attributes?.[name]?.type,
      );
    const attributes = withKnown(
      change.change.after ?? {},
      change.change.after_unknown,
      schema.block,
      (name) => aws[name] ?? referenced(name) ?? unset(schema.block, name),
    );
    return stateResource(change, schema.version, attributes);
  });
  return stateWith(resources);
}

/** Each attribute's references (`aws_security_group.public.id`), by `<resource address>#<attribute>`. */
function referencesByAddress(module: ConfigModule | undefined, prefix = ""): Map<string, readonly string[]> {
  const found = new Map<string, readonly string[]>();
  for (const resource of module?.resources ?? []) {
    for (const [name, expression] of Object.entries(resource.expressions ?? {})) {
      if (expression.references) found.set(`${prefix}${resource.address}#${name}`, expression.references);
    }
  }
  for (const [name, call] of Object.entries(module?.module_calls ?? {})) {
    for (const [key, value] of referencesByAddress(call.module, `${prefix}module.${name}.`)) found.set(key, value);
  }
  return found;
}

/**
 * The made-up id or ARN an attribute unknown at creation refers to (an NLB's security groups, the id of a group
 * created with it), as AWS would have answered it; in a list for a list or set attribute.
 */
function referencedIdentity(
  references: readonly string[] | undefined,
  module: string | undefined,
  identities: ReadonlyMap<string, Record<string, unknown>>,
  type: CtyType | undefined,
): unknown {
  for (const reference of references ?? []) {
    const match = /^(\w+\.\w+)\.(id|arn)$/.exec(reference);
    const value = match && identities.get(`${module ? `${module}.` : ""}${match[1]}`)?.[match[2]];
    if (value !== undefined && value !== null) {
      return Array.isArray(type) && (type[0] === "set" || type[0] === "list") ? [value] : value;
    }
  }
  return undefined;
}

/**
 * `state` after applying `plan`, which may only update or replace: the values `plan` knows replace the state's, and
 * the rest (what AWS would compute again) are kept. Values computed from ones made up at creation (a policy naming an
 * ARN, unknown until the ARN was) become Terraform's own this way.
 */
export function reappliedState(
  state: TerraformState,
  plan: TerraformPlan,
  schemas: Record<string, ResourceSchema>,
): TerraformState {
  const changes = new Map((plan.resource_changes ?? []).map((change) => [change.address, change]));
  return stateWith(
    state.resources.map((resource) => {
      const change = changes.get(addressOf(resource));
      const actions = change?.change.actions.join() ?? "no-op";
      if (!change || actions === "no-op") return resource;
      if (actions !== "update" && actions !== "delete,create") {
        throw new Error(`${change.address}: expected an update or a replacement, got ${actions}`);
      }
      const [instance] = resource.instances;
      const attributes = withKnown(
        change.change.after ?? {},
        change.change.after_unknown,
        schemas[resource.type].block,
        (name) => instance.attributes[name],
      );
      return { ...resource, instances: [{ ...instance, attributes }] };
    }),
  );
}

/** The resources `state` holds in `module.<from>`, as if they were in `module.<to>`. */
export function moduleResources(state: TerraformState, from: string, to: string): StateResource[] {
  return state.resources
    .filter((resource) => resource.module === `module.${from}`)
    .map((resource) => ({ ...resource, module: `module.${to}` }));
}

export function stateWith(resources: readonly StateResource[]): TerraformState {
  return {
    version: 4,
    terraform_version: "1.11.0",
    serial: 1,
    lineage: "8c1a5c4e-2f0b-4d0e-9a51-3f6f0e6d7a10",
    outputs: {},
    resources,
  };
}

function stateResource(change: ResourceChange, version: number, attributes: Record<string, unknown>) {
  const builtin = change.type === "terraform_data";
  return {
    ...(change.module_address ? { module: change.module_address } : {}),
    mode: "managed" as const,
    type: change.type,
    name: change.name,
    provider: builtin ? 'provider["terraform.io/builtin/terraform"]' : AWS_PROVIDER,
    instances: [
      {
        schema_version: version,
        attributes: builtin ? withDynamicTypes(attributes) : attributes,
        sensitive_attributes: [],
      },
    ] as const,
  };
}

/** A state keeps a value of any type with its type: `{ value, type }`. Here: null, or an object of strings. */
function withDynamicTypes(attributes: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(attributes).map(([name, value]) =>
      name === "id" || !isRecord(value)
        ? [name, value]
        : [name, { value, type: ["object", Object.fromEntries(Object.keys(value).map((key) => [key, "string"]))] }],
    ),
  );
}

function addressOf(resource: StateResource): string {
  return `${resource.module ? `${resource.module}.` : ""}${resource.type}.${resource.name}`;
}

/**
 * `planned` with each value the plan marks unknown filled in: a top-level one from `known`, a nested one (a flag, an
 * order) as AWS leaves what nobody set, at its type's zero.
 */
function withKnown(
  planned: Record<string, unknown>,
  unknown: Record<string, unknown>,
  block: Block,
  known: (name: string) => unknown,
): Record<string, unknown> {
  const attributes: Record<string, unknown> = { ...planned };
  for (const [name, marker] of Object.entries(unknown)) {
    attributes[name] =
      marker === true ? known(name) : knownPart(planned[name], marker, block.block_types?.[name]?.block);
  }
  return attributes;
}

function knownPart(value: unknown, unknown: unknown, block: Block | undefined): unknown {
  if (Array.isArray(value) && Array.isArray(unknown)) {
    return value
      .map((item, index) => [item, unknown[index]])
      .filter(([item]) => !isPhantom(item))
      .map(([item, marker]) => knownPart(item, marker, block));
  }
  if (isRecord(value) && isRecord(unknown) && block) {
    return withKnown(value, unknown, block, (name) => unset(block, name));
  }
  return value;
}

/**
 * A set element whose values are all null or unknown: the legacy plugin SDK plans one beside each real element of a
 * set it cannot yet hash (an NLB's subnet mappings, while their outpost ids are unknown). AWS never returns one.
 */
function isPhantom(item: unknown): boolean {
  return isRecord(item) && Object.values(item).every((value) => value === null);
}

/** What a state holds for an attribute or block nobody set: its type's zero, as the provider writes it. */
function unset(block: Block, name: string): unknown {
  const attribute = block.attributes?.[name];
  if (attribute) return zero(attribute.type);
  const nested = block.block_types?.[name];
  if (nested?.nesting_mode === "list" || nested?.nesting_mode === "set") return [];
  if (nested?.nesting_mode === "map") return {};
  return null;
}

function zero(type: CtyType): unknown {
  if (type === "string") return "";
  if (type === "number") return 0;
  if (type === "bool") return false;
  if (typeof type === "string") return null;
  const [kind, element] = type;
  if (kind === "map") return {};
  if (kind === "object" && isRecord(element)) {
    return Object.fromEntries(Object.entries(element).map(([name, member]) => [name, zero(member as CtyType)]));
  }
  return [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * What AWS would have answered on creating the resource: its id and ARN in AWS's formats, and the values other
 * resources or outputs read (an Elastic IP's address, an NLB's DNS name). Derived from the address, so stable; in
 * the example config's region and a documentation account.
 */
function identity(type: string, values: Record<string, unknown>, address: string): Record<string, unknown> {
  const hex = createHash("sha256").update(address).digest("hex");
  const region = "us-east-1";
  const name = String(values.name ?? values.function_name ?? values.bucket ?? hex.slice(0, 12));
  switch (type) {
    case "aws_eip": {
      const id = `eipalloc-0${hex.slice(0, 16)}`;
      const ip = `198.51.100.${Number.parseInt(hex.slice(16, 18), 16) % 250}`;
      return {
        id,
        allocation_id: id,
        public_ip: ip,
        domain: "vpc",
        arn: `arn:aws:ec2:${region}:${ACCOUNT}:elastic-ip/${id}`,
      };
    }
    case "aws_lb": {
      const suffix = `net/${name}/${hex.slice(0, 16)}`;
      const arn = `arn:aws:elasticloadbalancing:${region}:${ACCOUNT}:loadbalancer/${suffix}`;
      const dns = `${name}-${hex.slice(16, 32)}.elb.${region}.amazonaws.com`;
      // AWS reports the mappings' subnets here too; the provider checks the two agree, and would replace an NLB if not.
      const subnets = ((values.subnet_mapping ?? []) as { subnet_id: string }[]).map((mapping) => mapping.subnet_id);
      return { id: arn, arn, arn_suffix: suffix, dns_name: dns, zone_id: "Z26RNL4JYFTOTI", subnets };
    }
    case "aws_lb_target_group": {
      const suffix = `targetgroup/${name}/${hex.slice(0, 16)}`;
      const arn = `arn:aws:elasticloadbalancing:${region}:${ACCOUNT}:${suffix}`;
      return { id: arn, arn, arn_suffix: suffix };
    }
    case "aws_lb_listener": {
      const arn = `arn:aws:elasticloadbalancing:${region}:${ACCOUNT}:listener/net/public/${hex.slice(0, 16)}/${hex.slice(16, 32)}`;
      return { id: arn, arn };
    }
    case "aws_s3_bucket":
      return { id: name, arn: `arn:aws:s3:::${name}`, region };
    case "aws_iam_role":
      return {
        id: name,
        arn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
        unique_id: `AROA${hex.slice(0, 17).toUpperCase()}`,
      };
    case "aws_lambda_function": {
      const arn = `arn:aws:lambda:${region}:${ACCOUNT}:function:${name}`;
      return { id: name, arn, qualified_arn: `${arn}:$LATEST`, version: "$LATEST" };
    }
    case "aws_cloudwatch_log_group":
      return { id: name, arn: `arn:aws:logs:${region}:${ACCOUNT}:log-group:${name}` };
    case "aws_cloudwatch_event_rule":
      return { id: name, arn: `arn:aws:events:${region}:${ACCOUNT}:rule/${name}` };
    case "aws_security_group": {
      const id = `sg-0${hex.slice(0, 16)}`;
      return { id, arn: `arn:aws:ec2:${region}:${ACCOUNT}:security-group/${id}`, owner_id: ACCOUNT };
    }
    default:
      return { id: String(values.statement_id ?? values.target_id ?? name) };
  }
}
