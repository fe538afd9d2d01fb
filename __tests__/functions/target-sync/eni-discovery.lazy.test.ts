import { albInterfaceDescription } from "../../../functions/target-sync/eni-discovery.lazy";

describe("albInterfaceDescription", () => {
  it("is the description ELB gives an ALB's network interfaces", () => {
    expect(
      albInterfaceDescription(
        "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/app-internal/50dc6c495c0c9188",
      ),
    ).toBe("ELB app/app-internal/50dc6c495c0c9188");
  });

  it("refuses a Network Load Balancer's ARN", () => {
    expect(() =>
      albInterfaceDescription(
        "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/net/nlb/50dc6c495c0c9188",
      ),
    ).toThrow(/is not an Application Load Balancer ARN/);
  });
});
