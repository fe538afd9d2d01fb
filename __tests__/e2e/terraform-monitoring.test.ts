import { exampleConfigWith, synthStackToDisk } from "../synthesis/stack";
import { PLUGIN_DIR, planChanges, terraform, terraformUnavailable, useOfflineProvider } from "../synthesis/terraform";

const unavailable = terraformUnavailable();
const describeWithTerraform = unavailable ? describe.skip : describe;

describeWithTerraform("real Terraform on the example stack with alarms", () => {
  let stackDir: string;
  beforeAll(() => {
    // Its state in its own folder, as in terraform.test.ts: not in the one file every run on the machine shares.
    stackDir = synthStackToDisk(
      exampleConfigWith({
        alarms: { emails: ["ops@example.com", "oncall@example.com"] },
        backend: { type: "local", path: "terraform.tfstate" },
      }),
    );
    terraform(stackDir, "init", "-input=false", "-no-color", `-plugin-dir=${PLUGIN_DIR}`);
    useOfflineProvider(stackDir);
  }, 120_000);

  it("passes terraform validate", () => {
    expect(terraform(stackDir, "validate", "-no-color")).toContain("The configuration is valid");
  });

  it("plans the alarms, their topic with one subscription per address, and the dashboard", () => {
    const created = planChanges(stackDir)
      .filter((change) => change.actions.join() === "create")
      .map((change) => change.address);

    expect(created).toEqual(
      expect.arrayContaining([
        "aws_cloudwatch_dashboard.static_ip",
        "aws_cloudwatch_metric_alarm.cut_off",
        "aws_cloudwatch_metric_alarm.no_alb_ips",
        "aws_cloudwatch_metric_alarm.no_healthy_target_443",
        "aws_cloudwatch_metric_alarm.no_healthy_target_80",
        "aws_cloudwatch_metric_alarm.sync_failing",
        "aws_cloudwatch_metric_alarm.sync_not_running",
        "aws_sns_topic.static_ip_alarms",
        "aws_sns_topic_subscription.static_ip_alarms_email_0",
        "aws_sns_topic_subscription.static_ip_alarms_email_1",
      ]),
    );
  }, 120_000);
});
