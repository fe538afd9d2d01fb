import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { App, Testing } from "cdktf";
import { StaticIpStack } from "../../lib/static-ip-stack";
import { exampleConfigWith, synthStack } from "../synthesis/stack";

describe("the Terraform backend", () => {
  it("is a local file at the project's root by default, by a path that is the same on every machine", () => {
    const { tf } = synthStack(exampleConfigWith({ backend: { type: "local" } }));
    expect(tf.terraform.backend).toEqual({ local: { path: "../../../terraform.alb-static-ip.tfstate" } });
  });

  it("names that file by its absolute path when the app writes HCL, whose folder is made to be moved", () => {
    const outdir = join(mkdtempSync(join(tmpdir(), "project-")), "cdktf.out-hcl");
    const app = new App({ outdir, hclOutput: true });
    const config = exampleConfigWith({ backend: { type: "local" } });
    const stack = new StaticIpStack(app, config.stackName, { config });

    const tf = JSON.parse(Testing.synth(stack)) as { terraform: { backend: unknown } };

    expect(tf.terraform.backend).toEqual({ local: { path: resolve(outdir, "../terraform.alb-static-ip.tfstate") } });
  });

  it("is S3 with the native lock file and encryption when configured", () => {
    const { tf } = synthStack(
      exampleConfigWith({
        backend: { type: "s3", bucket: "team-tf-state", key: "edge/static-ip.tfstate", region: "eu-west-1" },
      }),
    );
    expect(tf.terraform.backend).toEqual({
      s3: {
        bucket: "team-tf-state",
        key: "edge/static-ip.tfstate",
        region: "eu-west-1",
        encrypt: true,
        use_lockfile: true,
      },
    });
  });

  it("can keep a DynamoDB lock table and drop the lock file", () => {
    const { tf } = synthStack(
      exampleConfigWith({
        backend: {
          type: "s3",
          bucket: "team-tf-state",
          key: "k",
          region: "us-east-1",
          useLockfile: false,
          dynamodbTable: "tf-locks",
        },
      }),
    );
    expect(tf.terraform.backend).toEqual({
      s3: { bucket: "team-tf-state", key: "k", region: "us-east-1", encrypt: true, dynamodb_table: "tf-locks" },
    });
  });
});
