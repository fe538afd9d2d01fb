import { dashboardBody } from "../../lib/dashboard-body";

const base = {
  region: "eu-west-1",
  loadBalancerArnSuffix: "net/edge-public/0123456789abcdef",
  targetGroups: [{ listenerPort: 443, arnSuffix: "targetgroup/edge-public-443/0123456789abcdef" }],
  alarmArns: ["arn:aws:cloudwatch:eu-west-1:111122223333:alarm:edge-static-ip-sync-failing"],
};
const syncFunction = {
  functionName: "edge-static-ip-sync",
  ipCountMetric: {
    namespace: "AlbStaticIp",
    albs: [{ albDnsName: "internal-edge-1.eu-west-1.elb.amazonaws.com", ports: [80, 443], firstPort: undefined }],
  },
};
const titles = (body: ReturnType<typeof dashboardBody>) =>
  body.widgets.map((widget) => (widget.properties as { title: string }).title);

describe("the dashboard", () => {
  it("shows the IP count, each port's targets, the function's runs and duration, and the alarms", () => {
    expect(titles(dashboardBody({ ...base, syncFunction }))).toEqual([
      "ALB IPs found by the sync function",
      "Port 443: healthy and registered targets",
      "Sync function: runs and errors",
      "Sync function: duration (ms)",
      "Alarms",
    ]);
  });

  it("counts registered targets as healthy plus unhealthy, per target group on its NLB", () => {
    const [widget] = dashboardBody({ ...base, syncFunction: undefined }).widgets;

    expect((widget.properties as { metrics: unknown[] }).metrics).toEqual([
      expect.arrayContaining(["AWS/NetworkELB", "HealthyHostCount", "TargetGroup", base.targetGroups[0].arnSuffix]),
      expect.arrayContaining(["AWS/NetworkELB", "UnHealthyHostCount", "LoadBalancer", base.loadBalancerArnSuffix]),
      [{ expression: "healthy443 + unhealthy443", label: "registered", id: "registered443" }],
    ]);
  });

  it("leaves out the function's widgets when no function keeps the targets", () => {
    expect(titles(dashboardBody({ ...base, syncFunction: undefined }))).toEqual([
      "Port 443: healthy and registered targets",
      "Alarms",
    ]);
  });

  it("lists every alarm in the alarm widget", () => {
    const alarms = dashboardBody({ ...base, syncFunction }).widgets.at(-1);

    expect(alarms).toMatchObject({ type: "alarm", properties: { alarms: base.alarmArns } });
  });
});
