import type { LogLevel } from "../../../functions/target-sync/log";
import { SyncFailedError, type SyncOptions, syncTargetGroups } from "../../../functions/target-sync/sync-target-groups";
import { InMemoryAlbIps, InMemoryStateStore, InMemoryTargetGroups } from "./in-memory-ports";

const ALB = "internal-app-1.us-east-1.elb.amazonaws.com";
const WEB = "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web/0000000000000001";
const TLS = "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/tls/0000000000000002";
const NOW = new Date("2026-11-26T12:00:00.000Z");
const PERIOD_SECONDS = 60;

interface LogLine {
  readonly level: LogLevel;
  readonly message: string;
  readonly fields: Record<string, unknown>;
}

function world(ips: readonly string[] = ["10.0.0.1", "10.0.0.2"]) {
  const logs: LogLine[] = [];
  const lines: string[] = [];
  const clock = { now: NOW };
  const deps = {
    albIps: new InMemoryAlbIps(ips),
    targetGroups: new InMemoryTargetGroups(),
    state: new InMemoryStateStore(),
    log: (level: LogLevel, message: string, fields: Record<string, unknown> = {}) =>
      logs.push({ level, message, fields }),
    writeLine: (line: string) => lines.push(line),
    now: () => clock.now,
  };
  /** Lets one schedule period pass before the next run. */
  const nextTick = () => (clock.now = new Date(clock.now.getTime() + PERIOD_SECONDS * 1000));
  return { deps, logs, lines, nextTick };
}

const options = (overrides: Partial<SyncOptions> = {}): SyncOptions => ({
  albDnsName: ALB,
  targetGroups: [
    { arn: WEB, port: 80 },
    { arn: TLS, port: 443 },
  ],
  runsBeforeDeregistration: 3,
  schedulePeriodSeconds: PERIOD_SECONDS,
  metricNamespace: "AlbStaticIp",
  nlbZones: [],
  crossZone: false,
  ...overrides,
});

describe("syncTargetGroups", () => {
  it("registers the ALB's IPs in every target group, each with its port, and stores each group's state", async () => {
    const { deps } = world();

    const report = await syncTargetGroups(options(), deps);

    expect(report.targetGroups).toEqual([
      { arn: WEB, outcome: "synced", registered: 2, deregistered: 0 },
      { arn: TLS, outcome: "synced", registered: 2, deregistered: 0 },
    ]);
    expect(deps.targetGroups.calls).toEqual([
      { action: "register", arn: WEB, ips: ["10.0.0.1", "10.0.0.2"], port: 80 },
      { action: "register", arn: TLS, ips: ["10.0.0.1", "10.0.0.2"], port: 443 },
    ]);
    expect(deps.state.saved.get(TLS)).toEqual({ activeIps: ["10.0.0.1", "10.0.0.2"], pendingDeregistration: {} });
  });

  it("logs one line per target group with what changed", async () => {
    const { deps, logs } = world();

    await syncTargetGroups(options(), deps);

    expect(logs.filter((line) => line.message === "target group synced").map((line) => line.fields)).toEqual([
      expect.objectContaining({
        targetGroupArn: WEB,
        port: 80,
        registered: ["10.0.0.1", "10.0.0.2"],
        deregistered: [],
      }),
      expect.objectContaining({
        targetGroupArn: TLS,
        port: 443,
        registered: ["10.0.0.1", "10.0.0.2"],
        deregistered: [],
      }),
    ]);
  });

  it.each<[string, string | undefined, number]>([
    ["publishes the IP count when a namespace is set", "AlbStaticIp", 1],
    ["publishes no metric without a namespace", undefined, 0],
  ])("%s", async (_name, metricNamespace, metricLines) => {
    const { deps, lines } = world();

    await syncTargetGroups(options({ metricNamespace }), deps);

    expect(lines).toHaveLength(metricLines);
    if (metricLines > 0) expect(JSON.parse(lines[0])).toMatchObject({ LoadBalancer: ALB, LoadBalancerIPCount: 2 });
  });

  it("passes a discovery warning on to the log", async () => {
    const { deps, logs } = world();
    deps.albIps.warning = "the cap ended discovery";

    await syncTargetGroups(options(), deps);

    expect(logs).toContainEqual({ level: "WARN", message: "the cap ended discovery", fields: { albDnsName: ALB } });
  });

  it("changes nothing and fails when discovery fails", async () => {
    const { deps, logs } = world();
    deps.albIps.failure = new Error("every name server failed");

    await expect(syncTargetGroups(options(), deps)).rejects.toThrow("every name server failed");

    expect(logs).toEqual([
      expect.objectContaining({
        level: "ERROR",
        message: "ALB IP discovery failed; none of its target groups changed",
      }),
    ]);
    expect(deps.targetGroups.calls).toEqual([]);
    expect(deps.state.saved.size).toBe(0);
  });

  it("publishes an IP count of 0 when discovery fails, so that an alarm on the count dropping to 0 fires", async () => {
    const { deps, lines } = world();
    deps.albIps.failure = new Error("every name server failed");

    await syncTargetGroups(options(), deps).catch(() => undefined);

    expect(lines.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({ LoadBalancer: ALB, LoadBalancerIPCount: 0 }),
    ]);
  });

  it("treats a discovery that finds no IP as failed: publishes 0, changes nothing and fails", async () => {
    const { deps, lines } = world([]);

    await expect(syncTargetGroups(options(), deps)).rejects.toThrow(`discovery found no IP for ${ALB}`);

    expect(JSON.parse(lines[0])).toMatchObject({ LoadBalancerIPCount: 0 });
    expect(deps.targetGroups.calls).toEqual([]);
    expect(deps.state.saved.size).toBe(0);
  });

  it("reads every target group's targets and state while discovery is still running", async () => {
    const { deps } = world();
    let answer = () => {};
    deps.albIps.answered = new Promise<void>((resolve) => (answer = resolve));

    const run = syncTargetGroups(options(), deps);
    await new Promise((resolve) => setImmediate(resolve));
    const readBeforeDiscovery = { targets: [...deps.targetGroups.reads], state: [...deps.state.loads] };
    answer();
    await run;

    expect(readBeforeDiscovery).toEqual({ targets: [WEB, TLS], state: [WEB, TLS] });
  });

  it("leaves a target group to a concurrent run without failing, and syncs the others", async () => {
    const { deps, logs } = world();
    deps.state.superseded.add(WEB);

    const report = await syncTargetGroups(options(), deps);

    expect(report.targetGroups.map((group) => group.outcome)).toEqual(["superseded", "synced"]);
    expect(deps.targetGroups.calls.map((call) => call.arn)).toEqual([TLS]);
    expect(logs).toContainEqual(
      expect.objectContaining({ level: "WARN", message: "target group left to a concurrent run" }),
    );
  });

  it("syncs the other target groups when one fails, then fails the run naming the failed one", async () => {
    const { deps, logs } = world();
    deps.targetGroups.failing.add(WEB);

    const error = await syncTargetGroups(options(), deps).catch((failure: unknown) => failure);

    expect(error).toBeInstanceOf(SyncFailedError);
    expect((error as SyncFailedError).message).toBe(
      `1 of 2 target groups failed: ${WEB} (Error: cannot describe ${WEB})`,
    );
    expect((error as SyncFailedError).report.targetGroups.map((group) => group.outcome)).toEqual(["failed", "synced"]);
    expect(deps.state.saved.has(WEB)).toBe(false);
    expect(deps.targetGroups.calls.map((call) => call.arn)).toEqual([TLS]);
    expect(logs).toContainEqual({
      level: "ERROR",
      message: "target group sync failed",
      fields: expect.objectContaining({
        targetGroupArn: WEB,
        error: expect.objectContaining({ name: "Error", message: `cannot describe ${WEB}` }),
      }),
    });
  });

  it("saves nothing in a quiet run: same IPs, same counters, no ELB change", async () => {
    const { deps, logs } = world();
    await syncTargetGroups(options(), deps);
    const savesBefore = deps.state.updates.length;

    await syncTargetGroups(options(), deps);

    expect(deps.state.updates.length - savesBefore).toBe(0);
    expect(logs.at(-1)?.fields).toMatchObject({ stateSaved: false, runAt: NOW.toISOString() });
  });

  it("saves the state, counters untouched, when only ELB needs a change, so that the write claims the group", async () => {
    const { deps } = world();
    const single = options({ targetGroups: [{ arn: WEB, port: 80 }] });
    await syncTargetGroups(single, deps);
    await deps.targetGroups.deregister(WEB, ["10.0.0.2"], 80);

    await syncTargetGroups(single, deps);

    expect(deps.state.updates.at(-1)).toMatchObject({ arn: WEB, countersChanged: false });
    expect(deps.targetGroups.calls.at(-1)).toEqual({ action: "register", arn: WEB, ips: ["10.0.0.2"], port: 80 });
  });

  it("deregisters an IP gone from DNS on its Nth run missing", async () => {
    const { deps, nextTick } = world(["10.0.0.1", "10.0.0.2"]);
    const single = options({ targetGroups: [{ arn: WEB, port: 80 }] });
    await syncTargetGroups(single, deps);
    deps.albIps.ips = ["10.0.0.1"];

    const reports = [];
    for (let run = 0; run < 3; run++) {
      nextTick();
      reports.push(await syncTargetGroups(single, deps));
    }

    expect(reports.map((report) => report.targetGroups[0])).toEqual([
      { arn: WEB, outcome: "synced", registered: 0, deregistered: 0 },
      { arn: WEB, outcome: "synced", registered: 0, deregistered: 0 },
      { arn: WEB, outcome: "synced", registered: 0, deregistered: 1 },
    ]);
    expect(deps.targetGroups.calls.at(-1)).toEqual({ action: "deregister", arn: WEB, ips: ["10.0.0.2"], port: 80 });
  });

  it("counts one miss when the same tick is delivered twice, and saves nothing for the duplicate", async () => {
    const { deps, logs, nextTick } = world(["10.0.0.1", "10.0.0.2"]);
    const single = options({ targetGroups: [{ arn: WEB, port: 80 }] });
    await syncTargetGroups(single, deps);
    deps.albIps.ips = ["10.0.0.1"];
    nextTick();
    await syncTargetGroups(single, deps);
    const savesBefore = deps.state.updates.length;

    await syncTargetGroups(single, deps);

    expect(deps.state.saved.get(WEB)?.pendingDeregistration).toEqual({ "10.0.0.2": 1 });
    expect(deps.state.updates.length).toBe(savesBefore);
    expect(logs.at(-1)?.fields).toMatchObject({ missesCounted: false, pendingDeregistration: { "10.0.0.2": 1 } });
  });
});

describe("syncTargetGroups, when ELB refuses an IP or a call fails", () => {
  const single = options({ targetGroups: [{ arn: WEB, port: 80 }], runsBeforeDeregistration: 1 });

  /** A group with 10.0.0.1 and .2 in service, where .2 has left DNS (due on its first miss) and .3, .4 are new. */
  async function worldWithChangesDue() {
    const setUp = world(["10.0.0.1", "10.0.0.2"]);
    await syncTargetGroups(single, setUp.deps);
    setUp.deps.albIps.ips = ["10.0.0.1", "10.0.0.3", "10.0.0.4"];
    setUp.logs.length = 0;
    return setUp;
  }

  it("registers every IP ELB takes, and makes the due deregistration, when ELB refuses one", async () => {
    const { deps } = await worldWithChangesDue();
    deps.targetGroups.refusing.add("10.0.0.4");

    await syncTargetGroups(single, deps).catch(() => undefined);

    expect(deps.targetGroups.calls.slice(1)).toEqual([
      { action: "register", arn: WEB, ips: ["10.0.0.3", "10.0.0.4"], port: 80 },
      { action: "deregister", arn: WEB, ips: ["10.0.0.2"], port: 80 },
    ]);
    expect((await deps.targetGroups.targets(WEB)).map((target) => target.ip)).toEqual(["10.0.0.1", "10.0.0.3"]);
  });

  it("names the refused IPs in one ERROR line, with what did change, and fails the run", async () => {
    const { deps, logs } = await worldWithChangesDue();
    deps.targetGroups.refusing.add("10.0.0.4");

    const error = await syncTargetGroups(single, deps).catch((failure: unknown) => failure);

    expect(error).toBeInstanceOf(SyncFailedError);
    expect(logs.filter((line) => line.level !== "INFO")).toEqual([
      {
        level: "ERROR",
        message: "target group sync failed",
        fields: expect.objectContaining({
          registered: ["10.0.0.3"],
          refused: { "10.0.0.4": "10.0.0.4 is refused" },
          deregistered: ["10.0.0.2"],
          error: expect.objectContaining({ name: "TargetChangesError", message: "ELB refused to register 10.0.0.4" }),
        }),
      },
    ]);
  });

  it("makes the due deregistration when registration fails", async () => {
    const { deps } = await worldWithChangesDue();
    deps.targetGroups.failing.add(`register:${WEB}`);

    await expect(syncTargetGroups(single, deps)).rejects.toThrow(SyncFailedError);

    expect((await deps.targetGroups.targets(WEB)).map((target) => target.ip)).toEqual(["10.0.0.1"]);
  });

  it("registers the new IPs when deregistration fails, and keeps the failed IP due", async () => {
    const { deps, logs } = await worldWithChangesDue();
    deps.targetGroups.failing.add(`deregister:${WEB}`);

    await expect(syncTargetGroups(single, deps)).rejects.toThrow(SyncFailedError);

    expect((await deps.targetGroups.targets(WEB)).map((target) => target.ip)).toEqual([
      "10.0.0.1",
      "10.0.0.2",
      "10.0.0.3",
      "10.0.0.4",
    ]);
    expect(deps.state.saved.get(WEB)?.pendingDeregistration).toEqual({ "10.0.0.2": 1 });
    expect(logs.at(-1)?.fields.error).toMatchObject({
      name: "TargetChangesError",
      message: expect.stringMatching(/^DeregisterTargets failed, so its IPs stay due for the next run/),
      cause: { message: `cannot deregister in ${WEB}` },
    });
  });
});

describe("syncTargetGroups at its deadline", () => {
  /** Lets every call that answers answer: the in-memory ports answer within the microtasks this waits out. */
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  it("ends the group whose call never answers at the deadline with one ERROR line naming it, and the others sync", async () => {
    const { deps, logs } = world();
    const deadline = new AbortController();
    deps.targetGroups.hanging.add(WEB);

    const run = syncTargetGroups(options(), { ...deps, deadline: deadline.signal }).catch((error: unknown) => error);
    await settle();
    const syncedBeforeDeadline = logs
      .filter((line) => line.message === "target group synced")
      .map((line) => line.fields.targetGroupArn);
    deadline.abort();
    const error = await run;

    expect(syncedBeforeDeadline).toEqual([TLS]);
    expect(error).toBeInstanceOf(SyncFailedError);
    expect((error as SyncFailedError).report.targetGroups.map((group) => group.outcome)).toEqual(["failed", "synced"]);
    expect(logs.filter((line) => line.level === "ERROR")).toEqual([
      {
        level: "ERROR",
        message: "target group sync failed",
        fields: expect.objectContaining({
          targetGroupArn: WEB,
          error: expect.objectContaining({ message: `describing ${WEB} did not answer before the deadline` }),
        }),
      },
    ]);
    expect(deps.state.saved.has(WEB)).toBe(false);
  });

  it("checks the zones and publishes the metrics without the group cut off, as if it had failed at once", async () => {
    const { deps, lines } = world(["10.0.1.5"]);
    const deadline = new AbortController();
    deps.targetGroups.hanging.add(WEB);
    deps.targetGroups.seed(TLS, [{ ip: "10.0.1.5", port: 443, state: "healthy", availabilityZone: "us-east-1a" }]);

    const run = syncTargetGroups(options({ nlbZones: ["us-east-1a"] }), { ...deps, deadline: deadline.signal });
    await settle();
    deadline.abort();
    await run.catch(() => undefined);

    expect(lines.map((line) => JSON.parse(line) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ LoadBalancerIPCount: 1 }),
      expect.objectContaining({ ZonesWithoutHealthyTarget: 0 }),
    ]);
  });

  it("keeps the state it saved when a registration never answers, so that the next run registers the IPs", async () => {
    const { deps, nextTick } = world();
    const single = options({ targetGroups: [{ arn: WEB, port: 80 }] });
    const deadline = new AbortController();
    deps.targetGroups.hanging.add(`register:${WEB}`);

    const run = syncTargetGroups(single, { ...deps, deadline: deadline.signal }).catch((error: unknown) => error);
    await settle();
    deadline.abort();
    const cutOff = await run;
    deps.targetGroups.hanging.clear();
    nextTick();
    const next = await syncTargetGroups(single, deps);

    expect(cutOff).toBeInstanceOf(SyncFailedError);
    expect(deps.state.saved.get(WEB)?.activeIps).toEqual(["10.0.0.1", "10.0.0.2"]);
    expect(next.targetGroups).toEqual([{ arn: WEB, outcome: "synced", registered: 2, deregistered: 0 }]);
  });
});

describe("syncTargetGroups checking the zones", () => {
  const zones = { nlbZones: ["us-east-1a", "us-east-1b", "us-east-1d"], targetGroups: [{ arn: TLS, port: 443 }] };
  const healthy = (ip: string, availabilityZone: string) => ({
    ip,
    port: 443,
    state: "healthy" as const,
    availabilityZone,
  });

  it("warns once, naming the cut-off zone and the unused IPs, publishes the count, and changes no target for it", async () => {
    const { deps, logs, lines } = world(["10.0.1.5", "10.0.2.5", "10.0.3.5"]);
    deps.targetGroups.seed(TLS, [
      healthy("10.0.1.5", "us-east-1a"),
      healthy("10.0.2.5", "us-east-1b"),
      { ip: "10.0.3.5", port: 443, state: "unused", reason: "Target.NotInUse", availabilityZone: "us-east-1c" },
    ]);

    await syncTargetGroups(options(zones), deps);

    expect(logs.filter((line) => line.level === "WARN")).toEqual([
      {
        level: "WARN",
        message: expect.stringMatching(
          /^static IPs cut off: the static IP in us-east-1d reaches no ALB node on port 443; ALB IPs 10.0.3.5 are in zones the NLB does not have/,
        ),
        fields: {
          albDnsName: ALB,
          zonesCutOff: [{ zone: "us-east-1d", ports: [443] }],
          unusedIps: ["10.0.3.5"],
          crossZone: false,
        },
      },
    ]);
    expect(lines.map((line) => JSON.parse(line) as Record<string, unknown>)).toContainEqual(
      expect.objectContaining({ LoadBalancer: ALB, ZonesWithoutHealthyTarget: 1 }),
    );
    expect(deps.targetGroups.calls).toEqual([]);
  });

  /** The zone of each subnet the ALB's IPs are in, as AWS finds the zone of an IP registered without one. */
  const SUBNET_ZONES: Record<string, string> = {
    "10.0.1": "us-east-1a",
    "10.0.2": "us-east-1b",
    "10.0.4": "us-east-1d",
  };
  function worldInZones(ips: readonly string[]) {
    const built = world(ips);
    for (const ip of ips) built.deps.targetGroups.zones.set(ip, SUBNET_ZONES[ip.split(".").slice(0, 3).join(".")]);
    return built;
  }
  const zoneMetric = (lines: readonly string[]) =>
    lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => "ZonesWithoutHealthyTarget" in line)
      ?.ZonesWithoutHealthyTarget;

  it("counts the targets it just registered as on their way: a first run into an empty group warns of nothing and publishes 0", async () => {
    const { deps, logs, lines } = worldInZones(["10.0.1.5", "10.0.2.5", "10.0.4.5"]);

    await syncTargetGroups(options(zones), deps);

    expect(deps.targetGroups.calls).toEqual([
      { action: "register", arn: TLS, ips: ["10.0.1.5", "10.0.2.5", "10.0.4.5"], port: 443 },
    ]);
    expect(logs.filter((line) => line.level === "WARN")).toEqual([]);
    expect(zoneMetric(lines)).toBe(0);
  });

  it("names a zone the ALB has no IP in on a first run too", async () => {
    const { deps, logs, lines } = worldInZones(["10.0.1.5", "10.0.2.5"]);

    await syncTargetGroups(options(zones), deps);

    expect(logs.filter((line) => line.level === "WARN").map((line) => line.fields.zonesCutOff)).toEqual([
      [{ zone: "us-east-1d", ports: [443] }],
    ]);
    expect(zoneMetric(lines)).toBe(1);
  });

  it("reads the targets again only after changing them", async () => {
    const { deps, nextTick } = worldInZones(["10.0.1.5", "10.0.2.5", "10.0.4.5"]);
    await syncTargetGroups(options(zones), deps);
    const readsOfFirstRun = deps.targetGroups.reads.length;
    nextTick();

    await syncTargetGroups(options(zones), deps);

    expect(readsOfFirstRun).toBe(2);
    expect(deps.targetGroups.reads.length - readsOfFirstRun).toBe(1);
  });

  it("leaves a group out of the zone check, in a WARN line, when its targets cannot be read after its changes", async () => {
    const { deps, logs, lines } = worldInZones(["10.0.1.5"]);
    const describe = deps.targetGroups.targets.bind(deps.targetGroups);
    deps.targetGroups.targets = async (arn, deadline) => {
      if (deps.targetGroups.reads.length > 0) throw new Error("ELB stopped answering");
      return describe(arn, deadline);
    };

    const report = await syncTargetGroups(options(zones), deps);

    expect(report.targetGroups.map((group) => group.outcome)).toEqual(["synced"]);
    expect(logs.filter((line) => line.level === "WARN")).toEqual([
      {
        level: "WARN",
        message: "target group left out of the zone check: its targets could not be read after this run's changes",
        fields: expect.objectContaining({
          targetGroupArn: TLS,
          error: expect.objectContaining({ message: "ELB stopped answering" }),
        }),
      },
    ]);
    expect(zoneMetric(lines)).toBe(0);
  });

  it("publishes 0 and says nothing when every static IP reaches an ALB node", async () => {
    const { deps, logs, lines } = world(["10.0.1.5", "10.0.2.5", "10.0.4.5"]);
    deps.targetGroups.seed(TLS, [
      healthy("10.0.1.5", "us-east-1a"),
      healthy("10.0.2.5", "us-east-1b"),
      healthy("10.0.4.5", "us-east-1d"),
    ]);

    await syncTargetGroups(options(zones), deps);

    expect(logs.filter((line) => line.level === "WARN")).toEqual([]);
    expect(lines.map((line) => JSON.parse(line) as Record<string, unknown>)).toContainEqual(
      expect.objectContaining({ ZonesWithoutHealthyTarget: 0 }),
    );
  });

  describe("several ALBs behind one set of static IPs", () => {
    const ADMIN = "internal-admin-2.us-east-1.elb.amazonaws.com";
    const ADMIN_TG = "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/admin/0000000000000003";
    const twoAlbs = (overrides: Partial<SyncOptions> = {}) =>
      options({
        targetGroups: [
          { arn: WEB, port: 80 },
          { arn: TLS, port: 443 },
          { arn: ADMIN_TG, port: 8443, albDnsName: ADMIN },
        ],
        ...overrides,
      });
    const adminIps = (deps: ReturnType<typeof world>["deps"], ips: readonly string[]) => {
      const source = new InMemoryAlbIps(ips);
      deps.albIps.others.set(ADMIN, source);
      return source;
    };

    it("syncs each target group with its own ALB's IPs, and keeps its state under its ALB", async () => {
      const { deps } = world(["10.0.0.1", "10.0.0.2"]);
      adminIps(deps, ["10.1.0.1"]);

      const report = await syncTargetGroups(twoAlbs(), deps);

      expect(deps.targetGroups.calls).toEqual([
        { action: "register", arn: WEB, ips: ["10.0.0.1", "10.0.0.2"], port: 80 },
        { action: "register", arn: TLS, ips: ["10.0.0.1", "10.0.0.2"], port: 443 },
        { action: "register", arn: ADMIN_TG, ips: ["10.1.0.1"], port: 8443 },
      ]);
      expect(deps.state.updates.map(({ arn, albDnsName }) => [arn, albDnsName])).toEqual([
        [WEB, ALB],
        [TLS, ALB],
        [ADMIN_TG, ADMIN],
      ]);
      expect(report.albs).toEqual([
        { albDnsName: ALB, ipCount: 2, discovery: { queries: 1 } },
        { albDnsName: ADMIN, ipCount: 1, discovery: { queries: 1 } },
      ]);
    });

    it("discovers every ALB at once, while it reads every group", async () => {
      const { deps } = world();
      const admin = adminIps(deps, ["10.1.0.1"]);
      let answer = () => {};
      const answered = new Promise<void>((resolve) => (answer = resolve));
      deps.albIps.answered = answered;
      admin.answered = answered;
      const asked: string[] = [];
      for (const source of [deps.albIps, admin]) {
        const discover = source.discover.bind(source);
        source.discover = () => {
          asked.push(source === admin ? ADMIN : ALB);
          return discover();
        };
      }

      const run = syncTargetGroups(twoAlbs(), deps);
      await new Promise((resolve) => setImmediate(resolve));
      const before = { asked: [...asked], reads: [...deps.targetGroups.reads] };
      answer();
      await run;

      expect(before).toEqual({ asked: [ALB, ADMIN], reads: [WEB, TLS, ADMIN_TG] });
    });

    it("publishes each ALB's IP count under its own name", async () => {
      const { deps, lines } = world(["10.0.0.1", "10.0.0.2"]);
      adminIps(deps, ["10.1.0.1"]);

      await syncTargetGroups(twoAlbs(), deps);

      expect(lines.map((line) => JSON.parse(line))).toEqual([
        expect.objectContaining({ LoadBalancer: ALB, LoadBalancerIPCount: 2 }),
        expect.objectContaining({ LoadBalancer: ADMIN, LoadBalancerIPCount: 1 }),
      ]);
    });

    it("fails only the groups of an ALB whose discovery failed, naming ALB and group, syncs the others, and fails the run", async () => {
      const { deps, logs, lines } = world(["10.0.0.1"]);
      adminIps(deps, ["10.1.0.1"]).failure = new Error("every name server failed");

      const failure = await syncTargetGroups(twoAlbs(), deps).catch((error: unknown) => error);

      expect(failure).toBeInstanceOf(SyncFailedError);
      expect((failure as SyncFailedError).report.targetGroups).toEqual([
        { arn: WEB, outcome: "synced", registered: 1, deregistered: 0 },
        { arn: TLS, outcome: "synced", registered: 1, deregistered: 0 },
        {
          arn: ADMIN_TG,
          outcome: "failed",
          error: `discovery of ${ADMIN} failed: Error: every name server failed`,
        },
      ]);
      expect(logs.filter((line) => line.level === "ERROR")).toEqual([
        expect.objectContaining({ fields: expect.objectContaining({ albDnsName: ADMIN }) }),
        {
          level: "ERROR",
          message: "target group not synced: its ALB's IP discovery failed",
          fields: expect.objectContaining({ targetGroupArn: ADMIN_TG, port: 8443, albDnsName: ADMIN }),
        },
      ]);
      expect(deps.targetGroups.calls.map((call) => call.arn)).toEqual([WEB, TLS]);
      expect(lines.map((line) => JSON.parse(line))).toContainEqual(
        expect.objectContaining({ LoadBalancer: ADMIN, LoadBalancerIPCount: 0 }),
      );
    });

    it("fails naming every ALB when none is found", async () => {
      const { deps } = world();
      deps.albIps.failure = new Error("no answer");
      adminIps(deps, []).failure = new Error("no answer either");

      await expect(syncTargetGroups(twoAlbs(), deps)).rejects.toThrow(
        `discovery failed for every ALB: ${ALB} (Error: no answer), ${ADMIN} (Error: no answer either)`,
      );
      expect(deps.targetGroups.calls).toEqual([]);
    });

    it("moves a group to another ALB: registers the new ALB's IPs at once, and the old ones leave on their Nth miss", async () => {
      const { deps, nextTick } = world(["10.0.0.1", "10.0.0.2"]);
      adminIps(deps, ["10.1.0.1"]);
      await syncTargetGroups(options({ targetGroups: [{ arn: TLS, port: 443 }] }), deps);
      const moved = options({ targetGroups: [{ arn: TLS, port: 443, albDnsName: ADMIN }] });

      nextTick();
      const first = await syncTargetGroups(moved, deps);
      const afterFirst = [...deps.targetGroups.calls];
      nextTick();
      await syncTargetGroups(moved, deps);
      const beforeLast = deps.targetGroups.calls.length;
      nextTick();
      await syncTargetGroups(moved, deps);

      expect(first.targetGroups).toEqual([{ arn: TLS, outcome: "synced", registered: 1, deregistered: 0 }]);
      expect(afterFirst.at(-1)).toEqual({ action: "register", arn: TLS, ips: ["10.1.0.1"], port: 443 });
      expect(deps.targetGroups.calls.length).toBe(beforeLast + 1);
      expect(deps.targetGroups.calls.at(-1)).toEqual({
        action: "deregister",
        arn: TLS,
        ips: ["10.0.0.1", "10.0.0.2"],
        port: 443,
      });
      expect(deps.state.updates.map((update) => update.albDnsName)).toEqual([ALB, ADMIN, ADMIN, ADMIN]);
    });
  });
});
