import { exampleConfigWith, synthStack } from "../synthesis/stack";

describe("the Terraform backend", () => {
  it("is a local file at the project's root by default, by a path that is the same on every machine", () => {
    const { tf } = synthStack(exampleConfigWith({ backend: { type: "local" } }));
    expect(tf.terraform.backend).toEqual({ local: { path: "../../../terraform.alb-static-ip.tfstate" } });
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
