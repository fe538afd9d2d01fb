/** ENI discovery (DISCOVERY=eni) of the bundled function, against a loopback EC2 query endpoint, on each Node. */

import { ALB_DNS_NAME, type LoopbackAws, startLoopbackAws } from "../loopback-aws";
import { albIps } from "../loopback-aws/dns-server";
import type { FakeNetworkInterface } from "../loopback-aws/ec2-server";
import { invokeBundle } from "./invoke-bundle";
import { bundleRuntimes } from "./node-runtimes";
import { letSchedulePeriodPass } from "./schedule-clock";

const ALB_ARN = "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/app-internal/50dc6c495c0c9188";
const DESCRIPTION = "ELB app/app-internal/50dc6c495c0c9188";

let aws: LoopbackAws;
beforeAll(async () => {
  aws = await startLoopbackAws();
});
afterAll(() => aws.close());

const interfaces = (ips: readonly string[], description = DESCRIPTION): FakeNetworkInterface[] =>
  ips.map((privateIp, i) => ({ id: `eni-${i}`, description, status: "in-use", privateIp }));
const changeCalls = (arn: string) =>
  aws.elb.calls.filter((call) => call.targetGroupArn === arn && call.action !== "DescribeTargetHealth");
const eniEnv = (arn: string, port = 443) =>
  aws.env({ TARGET_GROUPS: JSON.stringify([{ arn, port }]), DISCOVERY: "eni", ALB_ARN, DNS_SERVERS: "127.0.0.1:9" });

describe.each(bundleRuntimes())("on $name", ({ execPath }) => {
  const invoke = (env: Record<string, string>) => invokeBundle(env, execPath);

  describe("ENI discovery at the wire", () => {
    it("registers exactly the private IPs of the ALB's in-use interfaces, from one EC2 call and no DNS", async () => {
      const arn = aws.newTargetGroup("eni-first");
      aws.ec2.setInterfaces([
        ...interfaces(albIps(150)),
        ...interfaces(["10.9.0.1"], "ELB app/other-alb/1111111111111111"),
        { id: "eni-gone", description: DESCRIPTION, status: "available", privateIp: "10.9.0.2" },
      ]);
      const callsBefore = aws.ec2.calls;

      const run = await invoke(eniEnv(arn));

      expect(run.exitCode).toBe(0);
      expect(aws.elb.inService(arn)).toEqual([...albIps(150)].sort());
      expect(aws.ec2.calls - callsBefore).toBe(1);
      expect(run.result?.albs[0]).toMatchObject({ discovery: { apiCalls: 1, interfaces: 150 } });
    });

    it("deregisters an interface's IP by the same miss rule once the ALB drops it", async () => {
      const arn = aws.newTargetGroup("eni-scale-in");
      aws.ec2.setInterfaces(interfaces(albIps(3)));
      await invoke({ ...eniEnv(arn), INVOCATIONS_BEFORE_DEREGISTRATION: "2" });
      aws.elb.settle();

      aws.ec2.setInterfaces(interfaces(albIps(2)));
      const miss = await invoke({ ...eniEnv(arn), INVOCATIONS_BEFORE_DEREGISTRATION: "2" });
      await letSchedulePeriodPass(aws.s3, [arn]);
      const deregistration = await invoke({ ...eniEnv(arn), INVOCATIONS_BEFORE_DEREGISTRATION: "2" });

      expect(miss.logs.find((line) => line.targetGroupArn === arn)).toMatchObject({
        pendingDeregistration: { [albIps(3)[2]]: 1 },
        deregistered: [],
      });
      expect(deregistration.logs.find((line) => line.targetGroupArn === arn)).toMatchObject({
        deregistered: [albIps(3)[2]],
      });
    });

    it("changes nothing, and publishes an IP count of 0, when the listing is empty", async () => {
      const arn = aws.newTargetGroup("eni-empty");
      aws.elb.addTargetGroup(arn, [{ ip: "10.0.0.1", port: 443, state: "healthy" }]);
      aws.ec2.setInterfaces([]);

      const run = await invoke(eniEnv(arn));

      expect(run.exitCode).toBe(1);
      expect(run.error).toMatch(
        /EniDiscoveryError: no in-use network interface is described as "ELB app\/app-internal\/50dc6c495c0c9188"/,
      );
      expect(run.logs).toContainEqual(expect.objectContaining({ LoadBalancerIPCount: 0 }));
      expect(changeCalls(arn)).toEqual([]);
    });

    it("changes nothing when EC2 refuses the call", async () => {
      const arn = aws.newTargetGroup("eni-denied");
      aws.ec2.setInterfaces(interfaces(albIps(2)));
      aws.ec2.deny = true;

      const run = await invoke(eniEnv(arn)).finally(() => (aws.ec2.deny = false));

      expect(run.exitCode).toBe(1);
      expect(run.error).toMatch(/UnauthorizedOperation/);
      expect(changeCalls(arn)).toEqual([]);
    });

    it("fails the cold start, naming ALB_ARN, when ENI discovery has no ALB ARN", async () => {
      const run = await invoke({ ...eniEnv(aws.newTargetGroup("eni-no-arn")), ALB_ARN: "" });

      expect(run.initError).toMatch(
        /^InvalidEnvironmentError: ALB_ARN: expected the ALB's ARN when DISCOVERY is "eni"/,
      );
    });

    it("keeps state at the same keys as DNS discovery", async () => {
      const arn = aws.newTargetGroup("eni-state");
      aws.ec2.setInterfaces(interfaces(albIps(2)));

      await invoke(eniEnv(arn));

      expect(JSON.parse((await aws.s3.getObject(`${arn}/${ALB_DNS_NAME}/active.json`)) ?? "{}")).toMatchObject({
        IPList: albIps(2),
      });
    });
  });
});
