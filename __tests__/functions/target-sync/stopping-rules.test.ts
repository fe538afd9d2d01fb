import { DEFAULTS } from "../../../functions/target-sync/contract";
import { adaptiveStoppingRule, silentAnswersNeeded } from "../../../functions/target-sync/stopping-rules";
import { modelStoppingRule, originalStoppingRule } from "./stopping-rule-model";

/** Each model is computed once: the 200-IP one takes seconds. */
const models = new Map<string, ReturnType<typeof modelStoppingRule>>();
function model(rule: "adaptive" | "original", n: number, cap: number) {
  const key = `${rule}/${n}/${cap}`;
  if (!models.has(key))
    models.set(key, modelStoppingRule(rule === "adaptive" ? adaptiveStoppingRule : originalStoppingRule, n, cap));
  return models.get(key) as ReturnType<typeof modelStoppingRule>;
}

const progress = (ipsSeen: number, answersSinceNewIp: number, smallestAnswer = 8) => ({
  queries: 1,
  ipsSeen,
  answersSinceNewIp,
  smallestAnswer,
});

describe("the adaptive stopping rule", () => {
  it("stops at once on an answer of fewer than 8 records, which held every IP", () => {
    expect(adaptiveStoppingRule.answersStillNeeded(progress(3, 0, 3))).toBe(0);
  });

  it.each([
    [8, 4],
    [16, 12],
    [64, 54],
    [128, 110],
    [200, 173],
  ])("with %i IPs seen, wants %i answers in a row with nothing new", (ipsSeen, silent) => {
    expect(silentAnswersNeeded(ipsSeen)).toBe(silent);
    expect(adaptiveStoppingRule.answersStillNeeded(progress(ipsSeen, silent - 1))).toBe(1);
    expect(adaptiveStoppingRule.answersStillNeeded(progress(ipsSeen, silent))).toBe(0);
  });

  it.each([8, 9, 10, 12, 16, 24, 32, 64, 100, 150, 200])(
    "misses an IP of a %i-IP ALB in at most 0.1% of runs (exact, under Route 53's 8-of-N model)",
    (n) => {
      expect(model("adaptive", n, DEFAULTS.maxLookupsPerRun).missProbability).toBeLessThanOrEqual(0.001);
    },
  );

  it("needs a handful of queries for an ALB of at most 8 IPs", () => {
    for (const n of [1, 3, 7]) expect(model("adaptive", n, DEFAULTS.maxLookupsPerRun).meanQueries).toBe(1);
    expect(model("adaptive", 8, DEFAULTS.maxLookupsPerRun).meanQueries).toBe(5);
  });

  it("is almost never cut short by the default cap, even at 200 IPs", () => {
    expect(model("adaptive", 200, DEFAULTS.maxLookupsPerRun).capProbability).toBeLessThan(1e-5);
  });
});

describe("the original stopping rule, for comparison", () => {
  it("misses an IP of a 64-IP ALB in about 8% of runs with its 50 lookups", () => {
    expect(model("original", 64, 50).missProbability).toBeCloseTo(0.08, 2);
  });

  it("misses an IP of a 100-IP ALB in about 79% of runs with its 50 lookups", () => {
    expect(model("original", 100, 50).missProbability).toBeCloseTo(0.79, 1);
  });
});
