// The sync function's permissions, as narrow as AWS allows. Built as plain data so it can be read and tested
// without synthesizing a stack.

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow";
  readonly Action: readonly string[];
  readonly Resource: string | readonly string[];
}

export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly PolicyStatement[];
}

export interface TargetSyncPolicyProps {
  /** ARN of the function's own log group (without the trailing `:*`). */
  readonly logGroupArn: string;
  /** ARN of the state bucket. */
  readonly stateBucketArn: string;
  /** ARNs of the target groups the function may change. */
  readonly targetGroupArns: readonly string[];
  /** Whether the function lists the ALB's network interfaces (ENI discovery). */
  readonly listsNetworkInterfaces: boolean;
}

/** The sync function's role policy: its own logs, its state, its target groups, and the reads it needs. */
export function targetSyncPolicy(props: TargetSyncPolicyProps): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "WriteOwnLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `${props.logGroupArn}:*`,
      },
      {
        Sid: "ReadWriteSyncState",
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:PutObject"],
        Resource: `${props.stateBucketArn}/*`,
      },
      {
        // Without ListBucket, S3 answers a missing key with 403 instead of 404, and a first run would look like a
        // permission fault.
        Sid: "TellMissingStateFromDenied",
        Effect: "Allow",
        Action: ["s3:ListBucket"],
        Resource: props.stateBucketArn,
      },
      {
        Sid: "ChangeOwnTargetGroups",
        Effect: "Allow",
        Action: ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"],
        Resource: props.targetGroupArns,
      },
      {
        // DescribeTargetHealth supports no resource-level scope.
        Sid: "ReadTargetHealth",
        Effect: "Allow",
        Action: ["elasticloadbalancing:DescribeTargetHealth"],
        Resource: "*",
      },
      ...(props.listsNetworkInterfaces
        ? [
            {
              // ENI discovery only; EC2's Describe actions support no resource-level scope either.
              Sid: "ListAlbNetworkInterfaces",
              Effect: "Allow" as const,
              Action: ["ec2:DescribeNetworkInterfaces"],
              Resource: "*",
            },
          ]
        : []),
    ],
  };
}

/** The trust policy letting Lambda assume the function's role. */
export const LAMBDA_TRUST_POLICY = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
} as const;
