import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Fn, Token } from "cdktf";
import { Construct } from "constructs";
import { STATE_BUCKET_DEFAULTS } from "./defaults";
import { s3BucketNameProblem } from "./s3-bucket-name";
import { atAddress } from "./terraform-names";
import { ValidationError } from "./validation-error";

/** The blog's address for the bucket, kept so that its bucket is adopted rather than replaced. */
const ADDRESS = "static_lb";

export interface StateBucketProps {
  /**
   * Globally unique bucket name, by S3's naming rules.
   * @default - a unique name Terraform makes up, beginning with `bucketNamePrefix`
   */
  readonly bucketName?: string;
  /**
   * The beginning of the name Terraform makes up when `bucketName` is left out (at most 37 characters).
   * @default - none: Terraform's own, `terraform-`
   */
  readonly bucketNamePrefix?: string;
  /**
   * Days a state version is kept once a newer one replaced it.
   * @default STATE_BUCKET_DEFAULTS.noncurrentVersionRetentionDays
   */
  readonly noncurrentVersionRetentionDays?: number;
  /**
   * Newest replaced versions of each state file kept whatever their age, so that the last changes can always be
   * read back.
   * @default STATE_BUCKET_DEFAULTS.noncurrentVersionsKept
   */
  readonly noncurrentVersionsKept?: number;
}

/**
 * The private bucket holding the sync function's state: versioned (so the states the function wrote can be read
 * back), replaced versions expired after a while, closed to the public, owned by the account, encrypted at rest and
 * reachable only over TLS. Terraform deletes it whole, objects and versions too (`force_destroy`).
 */
export class StateBucket extends Construct {
  readonly bucket: S3Bucket;

  constructor(scope: Construct, id: string, props: StateBucketProps) {
    super(scope, id);
    // A name Terraform fills in later (a token) is S3's to check.
    const literalName = Token.isUnresolved(props.bucketName) ? undefined : props.bucketName;
    const problem = literalName === undefined ? undefined : s3BucketNameProblem(literalName);
    if (problem) throw new ValidationError(`bucketName: ${problem}`, this);

    const bucketPrefix = props.bucketName === undefined ? props.bucketNamePrefix : undefined;
    // The bucket holds nothing but the function's state, and goes only with the function and target groups that state
    // describes: taking the stack down, or switching to `alb` targets, deletes it with its objects and their versions
    // instead of stopping at BucketNotEmpty for an operator to empty it by hand.
    this.bucket = atAddress(
      new S3Bucket(this, "bucket", { bucket: props.bucketName, bucketPrefix, forceDestroy: true }),
      ADDRESS,
    );
    const bucket = this.bucket.id;

    const versioning = atAddress(
      new S3BucketVersioningA(this, "versioning", { bucket, versioningConfiguration: { status: "Enabled" } }),
      ADDRESS,
    );
    // Each change adds a version; without expiry they would pile up for as long as the bucket lives.
    atAddress(
      new S3BucketLifecycleConfiguration(this, "lifecycle", {
        bucket,
        rule: [
          {
            id: "expire-replaced-state-versions",
            status: "Enabled",
            // Provider 5 wants a filter (or prefix) on every rule; an empty one means the whole bucket.
            filter: [{}],
            noncurrentVersionExpiration: [
              {
                noncurrentDays:
                  props.noncurrentVersionRetentionDays ?? STATE_BUCKET_DEFAULTS.noncurrentVersionRetentionDays,
                newerNoncurrentVersions: props.noncurrentVersionsKept ?? STATE_BUCKET_DEFAULTS.noncurrentVersionsKept,
              },
            ],
            abortIncompleteMultipartUpload: [{ daysAfterInitiation: 1 }],
          },
        ],
        // Noncurrent-version rules are for a versioned bucket: versioning first, as the provider's docs advise.
        dependsOn: [versioning],
      }),
      ADDRESS,
    );
    const publicAccessBlock = atAddress(
      new S3BucketPublicAccessBlock(this, "public-access-block", {
        bucket,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      }),
      ADDRESS,
    );
    atAddress(
      new S3BucketOwnershipControls(this, "ownership", { bucket, rule: { objectOwnership: "BucketOwnerEnforced" } }),
      ADDRESS,
    );
    atAddress(
      new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
        bucket,
        rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
      }),
      ADDRESS,
    );
    atAddress(
      new S3BucketPolicy(this, "policy", {
        bucket,
        policy: Fn.jsonencode({
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "DenyInsecureTransport",
              Effect: "Deny",
              Principal: "*",
              Action: "s3:*",
              Resource: [this.bucket.arn, `${this.bucket.arn}/*`],
              Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
          ],
        }),
        // S3 rejects a bucket policy written while the public access block is still being set.
        dependsOn: [publicAccessBlock],
      }),
      ADDRESS,
    );
  }
}
