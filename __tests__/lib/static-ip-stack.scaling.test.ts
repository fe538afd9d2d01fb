import { exampleConfigWith, synthStack, zones } from "../synthesis/stack";

describe.each([1, 2, 3, 6])("with %i availability zones", (count) => {
  const { tf } = synthStack(exampleConfigWith({ zones: zones(count) }));
  const azIds = zones(count).map((zone) => zone.availabilityZone.replace(/-/g, "_"));

  it("allocates one Elastic IP per zone", () => {
    expect(Object.keys(tf.resource.aws_eip).sort()).toEqual(azIds);
  });

  it("maps each zone's subnet variable to its Elastic IP on the NLB", () => {
    expect(tf.resource.aws_lb.public.subnet_mapping).toEqual(
      azIds.map((az) => ({ subnet_id: `\${var.public_subnet_${az}}`, allocation_id: `\${aws_eip.${az}.id}` })),
    );
  });

  it("declares one subnet variable per zone", () => {
    const subnetVariables = Object.keys(tf.variable).filter((name) => name.startsWith("public_subnet_"));
    expect(subnetVariables.sort()).toEqual(azIds.map((az) => `public_subnet_${az}`));
  });
});

describe.each([
  [1, [443]],
  [3, [80, 443, 8080]],
])("with %i port(s)", (_count, ports) => {
  const { tf } = synthStack(exampleConfigWith({ ports: ports.map((port) => ({ port })) }));

  it("creates a target group and a listener per port", () => {
    expect(Object.keys(tf.resource.aws_lb_target_group).sort()).toEqual(ports.map((port) => `public_${port}`).sort());
    expect(Object.keys(tf.resource.aws_lb_listener).sort()).toEqual(ports.map((port) => `public_${port}`).sort());
  });

  it("still runs a single function that serves every target group", () => {
    expect(Object.keys(tf.resource.aws_lambda_function)).toEqual(["static_lb_sync"]);
    const targetGroups = (
      tf.resource.aws_lambda_function.static_lb_sync.environment as { variables: Record<string, string> }
    ).variables.TARGET_GROUPS;
    for (const port of ports) {
      expect(targetGroups).toContain(`{"arn" = aws_lb_target_group.public_${port}.arn, "port" = ${port}}`);
    }
  });
});
