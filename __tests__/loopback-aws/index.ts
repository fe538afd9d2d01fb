/** The loopback servers the bundled function talks to, and the environment that points it at them. */
import { type FakeDnsServer, LOOPBACK_DNS_TIMEOUT_MS, startDnsServer } from "./dns-server";
import { type FakeEc2, startEc2Server } from "./ec2-server";
import { type FakeElb, startElbServer } from "./elb-server";
import { type FakeS3, startS3Server } from "./s3-server";

export const ALB_DNS_NAME = "internal-app-1234567890.us-east-1.elb.amazonaws.com";

export interface LoopbackAws {
  readonly dns: FakeDnsServer;
  readonly s3: FakeS3;
  readonly elb: FakeElb;
  readonly ec2: FakeEc2;
  /** A fresh target group ARN (so tests do not share state), registered with the fake ELB. */
  newTargetGroup(name: string): string;
  /** The function's environment: standard SDK endpoint settings, dummy credentials and the given variables. */
  env(variables: Record<string, string>): Record<string, string>;
  close(): Promise<void>;
}

let groupCounter = 0;

export async function startLoopbackAws(): Promise<LoopbackAws> {
  const [dns, s3, elb, ec2] = await Promise.all([
    startDnsServer(),
    startS3Server(),
    startElbServer(),
    startEc2Server(),
  ]);
  return {
    dns,
    s3,
    elb,
    ec2,
    newTargetGroup: (name) => {
      const arn = `arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/${name}/${(++groupCounter).toString(16).padStart(16, "0")}`;
      elb.addTargetGroup(arn);
      return arn;
    },
    env: (variables) => ({
      AWS_REGION: "us-east-1",
      // s3rver's built-in key pair; the fake ELB accepts any.
      AWS_ACCESS_KEY_ID: "S3RVER",
      AWS_SECRET_ACCESS_KEY: "S3RVER",
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2: elb.endpoint,
      AWS_ENDPOINT_URL_EC2: ec2.endpoint,
      // s3rver stores aws-chunked bodies raw unless checksums are sent only when required.
      AWS_REQUEST_CHECKSUM_CALCULATION: "WHEN_REQUIRED",
      AWS_RESPONSE_CHECKSUM_VALIDATION: "WHEN_REQUIRED",
      S3_FORCE_PATH_STYLE: "true",
      DNS_SERVERS: `127.0.0.1:${dns.port}`,
      DNS_TIMEOUT_MS: String(LOOPBACK_DNS_TIMEOUT_MS),
      // The fakes answer from the tests' own process, which a busy machine can keep waiting for seconds (a write held
      // for an overlapping run longer still); the function's 5 s is for AWS. Tests of the timeout set their own.
      API_TIMEOUT_MS: "30000",
      ALB_DNS_NAME,
      S3_BUCKET: s3.bucket,
      ...variables,
    }),
    close: async () => {
      await Promise.all([dns.close(), s3.close(), elb.close(), ec2.close()]);
    },
  };
}
