import {
  changesAnything,
  type PlanInput,
  planTargetChanges,
  type RegisteredTarget,
  type StoredState,
  type TargetState,
} from "../../../functions/target-sync/plan";

const PORT = 443;
const NOW = new Date("2026-11-26T12:00:00.000Z");
const PERIOD_SECONDS = 60;
const secondsBefore = (seconds: number) => new Date(NOW.getTime() - seconds * 1000);
const target = (ip: string, state: TargetState = "healthy", port = PORT): RegisteredTarget => ({ ip, port, state });

/** A plan's input, with the stored state's counting time left out meaning "no miss counted yet". */
type Case = Omit<Partial<PlanInput>, "albIps" | "stored"> & {
  albIps: string[];
  stored?: Omit<StoredState, "missesCountedAt"> & Partial<Pick<StoredState, "missesCountedAt">>;
};

function plan(overrides: Case) {
  const { stored = { activeIps: [], pendingDeregistration: {} }, ...rest } = overrides;
  return planTargetChanges({
    targets: [],
    port: PORT,
    runsBeforeDeregistration: 3,
    now: NOW,
    schedulePeriodSeconds: PERIOD_SECONDS,
    ...rest,
    stored: { missesCountedAt: undefined, ...stored },
    albIps: new Set(overrides.albIps),
  });
}

describe("planTargetChanges", () => {
  describe("registration", () => {
    it.each<[string, Case, string[]]>([
      [
        "registers every DNS IP on the first run",
        { albIps: ["10.0.0.1", "10.0.0.2"], stored: { activeIps: undefined, pendingDeregistration: {} } },
        ["10.0.0.1", "10.0.0.2"],
      ],
      [
        "registers a new IP after a scale-out",
        { albIps: ["10.0.0.1", "10.0.0.3"], targets: [target("10.0.0.1")] },
        ["10.0.0.3"],
      ],
      [
        "registers nothing when every DNS IP is in service",
        { albIps: ["10.0.0.1"], targets: [target("10.0.0.1")] },
        [],
      ],
      [
        "re-registers a DNS IP missing from the target group even when the stored state calls it active (drift)",
        { albIps: ["10.0.0.1"], stored: { activeIps: ["10.0.0.1"], pendingDeregistration: {} } },
        ["10.0.0.1"],
      ],
      [
        "re-registers a DNS IP whose target is draining",
        { albIps: ["10.0.0.1"], targets: [target("10.0.0.1", "draining")] },
        ["10.0.0.1"],
      ],
      [
        "re-registers a DNS IP whose target is unhealthy and draining",
        { albIps: ["10.0.0.1"], targets: [target("10.0.0.1", "unhealthy.draining")] },
        ["10.0.0.1"],
      ],
      ["does not re-register an unused target", { albIps: ["10.0.0.1"], targets: [target("10.0.0.1", "unused")] }, []],
      [
        "does not re-register an unavailable target",
        { albIps: ["10.0.0.1"], targets: [target("10.0.0.1", "unavailable")] },
        [],
      ],
      [
        "does not re-register an initial or unhealthy target",
        { albIps: ["10.0.0.1", "10.0.0.2"], targets: [target("10.0.0.1", "initial"), target("10.0.0.2", "unhealthy")] },
        [],
      ],
      [
        "registers a DNS IP on its port even when it is registered on another port",
        { albIps: ["10.0.0.1"], targets: [target("10.0.0.1", "healthy", 80)] },
        ["10.0.0.1"],
      ],
      [
        "lists IPs in numeric order",
        { albIps: ["10.0.0.10", "10.0.0.9", "10.0.0.100"] },
        ["10.0.0.9", "10.0.0.10", "10.0.0.100"],
      ],
    ])("%s", (_name, input, expected) => {
      expect(plan(input).register).toEqual(expected);
    });
  });

  describe("deregistration", () => {
    it("starts a miss counter at 1 for a registered IP absent from DNS", () => {
      const result = plan({ albIps: ["10.0.0.1"], targets: [target("10.0.0.1"), target("10.0.0.2")] });
      expect(result.deregister).toEqual([]);
      expect(result.next.pendingDeregistration).toEqual({ "10.0.0.2": 1 });
    });

    it("counts an IP that was active last run but is neither in DNS nor registered", () => {
      const result = plan({
        albIps: ["10.0.0.1"],
        targets: [target("10.0.0.1")],
        stored: { activeIps: ["10.0.0.1", "10.0.0.2"], pendingDeregistration: {} },
      });
      expect(result.next.pendingDeregistration).toEqual({ "10.0.0.2": 1 });
    });

    it("increments the counter of an IP still missing", () => {
      const result = plan({
        albIps: ["10.0.0.1"],
        targets: [target("10.0.0.1"), target("10.0.0.2")],
        stored: { activeIps: ["10.0.0.1"], pendingDeregistration: { "10.0.0.2": 1 } },
      });
      expect(result.next.pendingDeregistration).toEqual({ "10.0.0.2": 2 });
      expect(result.deregister).toEqual([]);
    });

    it("deregisters an IP exactly on its Nth consecutive miss, and keeps it due at N", () => {
      const result = plan({
        albIps: ["10.0.0.1"],
        targets: [target("10.0.0.1"), target("10.0.0.2")],
        stored: { activeIps: ["10.0.0.1"], pendingDeregistration: { "10.0.0.2": 2 } },
      });
      expect(result.deregister).toEqual(["10.0.0.2"]);
      expect(result.next.pendingDeregistration).toEqual({ "10.0.0.2": 3 });
    });

    it("deregisters a due IP again when ELB still has it in service (the last call failed)", () => {
      const result = plan({
        albIps: ["10.0.0.1"],
        targets: [target("10.0.0.1"), target("10.0.0.2")],
        stored: { activeIps: ["10.0.0.1"], pendingDeregistration: { "10.0.0.2": 3 } },
      });
      expect(result.deregister).toEqual(["10.0.0.2"]);
      expect(result.next.pendingDeregistration).toEqual({ "10.0.0.2": 3 });
    });

    it("forgets a due IP once ELB shows it draining", () => {
      const result = plan({
        albIps: ["10.0.0.1"],
        targets: [target("10.0.0.1"), target("10.0.0.2", "draining")],
        stored: { activeIps: ["10.0.0.1"], pendingDeregistration: { "10.0.0.2": 3 } },
      });
      expect(result.deregister).toEqual([]);
      expect(result.next.pendingDeregistration).toEqual({});
    });

    it("deregisters, at the new limit, an IP counted past a limit since lowered", () => {
      const result = plan({
        albIps: ["10.0.0.1"],
        targets: [target("10.0.0.1"), target("10.0.0.2")],
        stored: { activeIps: ["10.0.0.1"], pendingDeregistration: { "10.0.0.2": 7 } },
      });
      expect(result.deregister).toEqual(["10.0.0.2"]);
      expect(result.next.pendingDeregistration).toEqual({ "10.0.0.2": 3 });
    });

    it("deregisters on the first miss when N is 1", () => {
      const result = plan({
        albIps: ["10.0.0.1"],
        targets: [target("10.0.0.1"), target("10.0.0.2")],
        runsBeforeDeregistration: 1,
      });
      expect(result.deregister).toEqual(["10.0.0.2"]);
    });

    it("drops the counter of an IP that reappears in DNS (a flap)", () => {
      const result = plan({
        albIps: ["10.0.0.1", "10.0.0.2"],
        targets: [target("10.0.0.1"), target("10.0.0.2")],
        stored: { activeIps: ["10.0.0.1"], pendingDeregistration: { "10.0.0.2": 2 } },
      });
      expect(result.next.pendingDeregistration).toEqual({});
      expect(result.deregister).toEqual([]);
      expect(result.register).toEqual([]);
    });

    it("never deregisters on the very first run, even past the limit", () => {
      const result = plan({
        albIps: ["10.0.0.1"],
        targets: [target("10.0.0.1"), target("10.0.0.2")],
        stored: { activeIps: undefined, pendingDeregistration: {} },
        runsBeforeDeregistration: 1,
      });
      expect(result.deregister).toEqual([]);
      expect(result.next.pendingDeregistration).toEqual({ "10.0.0.2": 1 });
    });

    it("does not deregister a draining target again, nor count it", () => {
      const result = plan({
        albIps: ["10.0.0.1"],
        targets: [target("10.0.0.1"), target("10.0.0.2", "draining")],
        stored: { activeIps: ["10.0.0.1", "10.0.0.2"], pendingDeregistration: { "10.0.0.2": 2 } },
      });
      expect(result.deregister).toEqual([]);
      expect(result.next.pendingDeregistration).toEqual({});
    });

    it.each<TargetState>(["unused", "unavailable", "unhealthy", "initial"])(
      "deregisters a %s target by the same miss rule",
      (state) => {
        const result = plan({
          albIps: ["10.0.0.1"],
          targets: [target("10.0.0.1"), target("10.0.0.2", state)],
          stored: { activeIps: ["10.0.0.1"], pendingDeregistration: { "10.0.0.2": 2 } },
        });
        expect(result.deregister).toEqual(["10.0.0.2"]);
      },
    );

    it("forgets an IP that reached the limit but is no longer registered (gone from ELB)", () => {
      const result = plan({
        albIps: ["10.0.0.1"],
        targets: [target("10.0.0.1")],
        stored: { activeIps: ["10.0.0.1"], pendingDeregistration: { "10.0.0.2": 2 } },
      });
      expect(result.deregister).toEqual([]);
      expect(result.next.pendingDeregistration).toEqual({});
    });

    it("leaves targets on other ports alone", () => {
      const result = plan({
        albIps: ["10.0.0.1"],
        targets: [target("10.0.0.1"), target("10.0.0.9", "healthy", 8080)],
        stored: { activeIps: ["10.0.0.1"], pendingDeregistration: {} },
      });
      expect(result.next.pendingDeregistration).toEqual({});
      expect(result.deregister).toEqual([]);
    });
  });

  describe("next state", () => {
    it("stores this run's DNS IPs as the active list", () => {
      const result = plan({ albIps: ["10.0.0.2", "10.0.0.1"], targets: [target("10.0.0.3")] });
      expect(result.next.activeIps).toEqual(["10.0.0.1", "10.0.0.2"]);
    });

    it("reports DNS IPs already in service as unchanged", () => {
      const result = plan({ albIps: ["10.0.0.1", "10.0.0.2"], targets: [target("10.0.0.1")] });
      expect(result.unchanged).toEqual(["10.0.0.1"]);
    });
  });

  describe("at most one miss counted per schedule period, whatever the deliveries", () => {
    const missing = {
      albIps: ["10.0.0.1"],
      targets: [target("10.0.0.1"), target("10.0.0.2")],
    };

    it("counts a miss half a period or more after the last counted one, and records when", () => {
      const result = plan({
        ...missing,
        stored: {
          activeIps: ["10.0.0.1"],
          pendingDeregistration: { "10.0.0.2": 1 },
          missesCountedAt: secondsBefore(30),
        },
      });
      expect(result.countedMisses).toBe(true);
      expect(result.next).toMatchObject({ pendingDeregistration: { "10.0.0.2": 2 }, missesCountedAt: NOW });
    });

    it("counts none within half a period of the last counted miss (a duplicate delivery), nor records a time", () => {
      const countedAt = secondsBefore(29);
      const result = plan({
        ...missing,
        stored: { activeIps: ["10.0.0.1"], pendingDeregistration: { "10.0.0.2": 1 }, missesCountedAt: countedAt },
      });
      expect(result.countedMisses).toBe(false);
      expect(result.next).toMatchObject({ pendingDeregistration: { "10.0.0.2": 1 }, missesCountedAt: countedAt });
      expect(result.changed.pendingDeregistration).toBe(false);
    });

    it("counts none when the last count is a little ahead of this run's clock", () => {
      const result = plan({
        ...missing,
        stored: {
          activeIps: ["10.0.0.1"],
          pendingDeregistration: { "10.0.0.2": 1 },
          missesCountedAt: new Date(NOW.getTime() + 2000),
        },
      });
      expect(result.countedMisses).toBe(false);
    });

    it("starts no counter for a newly missing IP within half a period of the last count", () => {
      const result = plan({
        ...missing,
        stored: { activeIps: ["10.0.0.1", "10.0.0.2"], pendingDeregistration: {}, missesCountedAt: secondsBefore(5) },
      });
      expect(result.next.pendingDeregistration).toEqual({});
    });

    it("counts the first miss when no miss was ever counted", () => {
      const result = plan({ ...missing, stored: { activeIps: ["10.0.0.1"], pendingDeregistration: {} } });
      expect(result.countedMisses).toBe(true);
      expect(result.next.pendingDeregistration).toEqual({ "10.0.0.2": 1 });
    });

    it("takes the half period from the schedule: 10 minutes' runs count none within 5 minutes", () => {
      const result = plan({
        ...missing,
        schedulePeriodSeconds: 600,
        stored: {
          activeIps: ["10.0.0.1"],
          pendingDeregistration: { "10.0.0.2": 1 },
          missesCountedAt: secondsBefore(299),
        },
      });
      expect(result.countedMisses).toBe(false);
    });

    it("still deregisters an IP already due, in service and missing, within half a period", () => {
      const result = plan({
        ...missing,
        stored: {
          activeIps: ["10.0.0.1"],
          pendingDeregistration: { "10.0.0.2": 3 },
          missesCountedAt: secondsBefore(5),
        },
      });
      expect(result.deregister).toEqual(["10.0.0.2"]);
      expect(result.next.pendingDeregistration).toEqual({ "10.0.0.2": 3 });
    });

    it.each<[string, Case]>([
      ["back in DNS", { albIps: ["10.0.0.1", "10.0.0.2"], targets: [target("10.0.0.1"), target("10.0.0.2")] }],
      ["already draining", { albIps: ["10.0.0.1"], targets: [target("10.0.0.1"), target("10.0.0.2", "draining")] }],
    ])("does not deregister a due IP %s within half a period", (_name, world) => {
      const result = plan({
        ...world,
        stored: {
          activeIps: ["10.0.0.1"],
          pendingDeregistration: { "10.0.0.2": 3 },
          missesCountedAt: secondsBefore(5),
        },
      });
      expect(result.deregister).toEqual([]);
    });
  });

  describe("what changed, so that a quiet run writes nothing", () => {
    const inService = [target("10.0.0.1"), target("10.0.0.2")];

    it("reports nothing changed when DNS gives the stored IPs, in any order, and no IP is missing", () => {
      const result = plan({
        albIps: ["10.0.0.2", "10.0.0.1"],
        targets: inService,
        stored: { activeIps: ["10.0.0.2", "10.0.0.1"], pendingDeregistration: {} },
      });
      expect(result.changed).toEqual({ activeIps: false, pendingDeregistration: false });
    });

    it("reports the IP list changed when DNS gives another IP", () => {
      const result = plan({
        albIps: ["10.0.0.1", "10.0.0.2", "10.0.0.3"],
        targets: inService,
        stored: { activeIps: ["10.0.0.1", "10.0.0.2"], pendingDeregistration: {} },
      });
      expect(result.changed).toEqual({ activeIps: true, pendingDeregistration: false });
    });

    it("reports the IP list changed on the first run", () => {
      const result = plan({
        albIps: ["10.0.0.1", "10.0.0.2"],
        targets: inService,
        stored: { activeIps: undefined, pendingDeregistration: {} },
      });
      expect(result.changed.activeIps).toBe(true);
    });

    it("reports the counters changed when a miss is counted", () => {
      const result = plan({
        albIps: ["10.0.0.1"],
        targets: inService,
        stored: { activeIps: ["10.0.0.1"], pendingDeregistration: { "10.0.0.2": 1 } },
      });
      expect(result.changed).toEqual({ activeIps: false, pendingDeregistration: true });
    });

    it("calls a run quiet when nothing changed and there is nothing to register or deregister", () => {
      const result = plan({
        albIps: ["10.0.0.1", "10.0.0.2"],
        targets: inService,
        stored: { activeIps: ["10.0.0.1", "10.0.0.2"], pendingDeregistration: {} },
      });
      expect(changesAnything(result)).toBe(false);
    });

    it("calls a run that only repairs drift not quiet, though the state is unchanged", () => {
      const result = plan({
        albIps: ["10.0.0.1", "10.0.0.2"],
        targets: [target("10.0.0.1")],
        stored: { activeIps: ["10.0.0.1", "10.0.0.2"], pendingDeregistration: {} },
      });
      expect(result.changed).toEqual({ activeIps: false, pendingDeregistration: false });
      expect(changesAnything(result)).toBe(true);
    });

    it("reports the counters unchanged for a due IP held at the limit", () => {
      const result = plan({
        albIps: ["10.0.0.1"],
        targets: inService,
        stored: { activeIps: ["10.0.0.1"], pendingDeregistration: { "10.0.0.2": 3 } },
      });
      expect(result.changed).toEqual({ activeIps: false, pendingDeregistration: false });
      expect(result.deregister).toEqual(["10.0.0.2"]);
    });
  });
});
