import { targetSyncPolicy } from "../../lib/target-sync-policy";
import { exampleConfigWith, synthStack } from "../synthesis/stack";

const policyProps = () => ({
  logGroupArn: "arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/app-static-ip-sync",
  stateBucketArn: "arn:aws:s3:::static-lb",
  targetGroupArns: ["arn:tg/80", "arn:tg/443"],
  listsNetworkInterfaces: false,
});
const policy = targetSyncPolicy(policyProps());
const statement = (sid: string) => policy.Statement.find((entry) => entry.Sid === sid);

describe("the sync function's IAM policy", () => {
  it("uses * only for DescribeTargetHealth, which has no resource scope", () => {
    const unscoped = policy.Statement.filter((entry) => [entry.Resource].flat().includes("*"));
    expect(unscoped.map((entry) => entry.Action)).toEqual([["elasticloadbalancing:DescribeTargetHealth"]]);
  });

  it("writes logs only to the function's own log group", () => {
    expect(statement("WriteOwnLogs")).toMatchObject({
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: "arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/app-static-ip-sync:*",
    });
  });

  it("reads and writes objects only inside the state bucket, and lists only that bucket", () => {
    expect(statement("ReadWriteSyncState")).toMatchObject({
      Action: ["s3:GetObject", "s3:PutObject"],
      Resource: "arn:aws:s3:::static-lb/*",
    });
    expect(statement("TellMissingStateFromDenied")).toMatchObject({
      Action: ["s3:ListBucket"],
      Resource: "arn:aws:s3:::static-lb",
    });
  });

  it("registers and deregisters only on the stack's target groups", () => {
    expect(statement("ChangeOwnTargetGroups")).toMatchObject({ Resource: ["arn:tg/80", "arn:tg/443"] });
  });

  it("has no EC2 permission with DNS discovery", () => {
    expect(JSON.stringify(policy)).not.toContain("ec2:");
  });

  it("needs no CloudWatch permission, since the metric goes out as Embedded Metric Format in the logs", () => {
    expect(JSON.stringify(policy)).not.toContain("cloudwatch:");
  });
});

describe("the policy with ENI discovery", () => {
  const eniPolicy = targetSyncPolicy({ ...policyProps(), listsNetworkInterfaces: true });

  it("adds ec2:DescribeNetworkInterfaces, which has no resource scope either, and nothing else on *", () => {
    const unscoped = eniPolicy.Statement.filter((entry) => [entry.Resource].flat().includes("*"));
    expect(unscoped.map((entry) => entry.Action)).toEqual([
      ["elasticloadbalancing:DescribeTargetHealth"],
      ["ec2:DescribeNetworkInterfaces"],
    ]);
  });
});

describe("the synthesized role policy", () => {
  const { tf } = synthStack(exampleConfigWith({}));
  const rendered = String(tf.resource.aws_iam_role_policy.static_lb_lambda.policy);

  it('has "*" as a resource exactly once, on DescribeTargetHealth', () => {
    expect(rendered.match(/"Resource" = "\*"/g)).toHaveLength(1);
    expect(rendered).toMatch(/"Action" = \["elasticloadbalancing:DescribeTargetHealth"\], "Resource" = "\*"/);
  });

  it("scopes every other statement to a stack resource", () => {
    expect(rendered).toContain('"Resource" = "${aws_cloudwatch_log_group.static_lb_sync.arn}:*"');
    expect(rendered).toContain('"Resource" = "${aws_s3_bucket.static_lb.arn}/*"');
    expect(rendered).toContain('"Resource" = aws_s3_bucket.static_lb.arn');
    expect(rendered).toContain('"Resource" = [aws_lb_target_group.public_80.arn, aws_lb_target_group.public_443.arn]');
  });
});
