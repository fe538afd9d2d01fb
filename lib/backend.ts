import { resolve } from "node:path";
import { App, LocalBackend, S3Backend, type TerraformStack } from "cdktf";
import { type BackendConfig, localStatePath } from "./config";

/** Keeps Terraform state where the config says: a local file, or an S3 bucket the team already has. */
export function configureBackend(stack: TerraformStack, backend: BackendConfig): void {
  if (backend.type === "local") {
    const path = localStatePath(backend, stack.node.id);
    // HCL is written for leaving cdktf, to a folder that may be moved: it names the same file by its absolute path.
    const app = App.of(stack);
    new LocalBackend(stack, { path: app.hclOutput ? resolve(app.outdir, "stacks", stack.node.id, path) : path });
    return;
  }
  new S3Backend(stack, {
    bucket: backend.bucket,
    key: backend.key,
    region: backend.region,
    encrypt: true,
    ...(backend.dynamodbTable ? { dynamodbTable: backend.dynamodbTable } : {}),
  });
  // cdktf 0.21 predates S3's native lock file (Terraform 1.10+), so it is set as a raw override.
  if (backend.useLockfile ?? true) stack.addOverride("terraform.backend.s3.use_lockfile", true);
}
