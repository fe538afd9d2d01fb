import {
  CorruptStateError,
  decodeActive,
  decodePending,
  encodeState,
  stateKeys,
} from "../../../functions/target-sync/state-format";

const ALB = "internal-app-1.us-east-1.elb.amazonaws.com";
const ARN = "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/app-public-443/0123456789abcdef";

describe("the state files", () => {
  it("live at <tgArn>/<albDns>/active.json and pending.json", () => {
    expect(stateKeys(ARN, ALB)).toEqual({ active: `${ARN}/${ALB}/active.json`, pending: `${ARN}/${ALB}/pending.json` });
  });

  it("are plain JSON with a schema version and the original's active fields", () => {
    const files = encodeState(
      {
        activeIps: ["10.0.0.1", "10.0.0.2"],
        pendingDeregistration: { "10.0.0.3": 2 },
        missesCountedAt: new Date("2026-11-25T11:58:00Z"),
      },
      ALB,
      new Date("2026-11-25T12:00:00Z"),
    );
    expect(JSON.parse(files.active)).toEqual({
      schemaVersion: 1,
      LoadBalancerName: ALB,
      TimeStamp: "2026-11-25T12:00:00.000Z",
      IPList: ["10.0.0.1", "10.0.0.2"],
      IPCount: 2,
    });
    expect(JSON.parse(files.pending)).toEqual({
      schemaVersion: 1,
      TimeStamp: "2026-11-25T11:58:00.000Z",
      PendingDeregistration: { "10.0.0.3": 2 },
    });
  });

  it("read back what was written", () => {
    const countedAt = new Date("2026-11-25T12:00:00.000Z");
    const files = encodeState(
      { activeIps: ["10.0.0.1"], pendingDeregistration: { "10.0.0.3": 2 }, missesCountedAt: countedAt },
      ALB,
      new Date(),
    );
    expect(decodeActive("a", files.active)).toEqual(["10.0.0.1"]);
    expect(decodePending("p", files.pending)).toEqual({
      pendingDeregistration: { "10.0.0.3": 2 },
      missesCountedAt: countedAt,
    });
  });

  it("reject a pending file whose TimeStamp is not a time", () => {
    expect(() =>
      decodePending("p", JSON.stringify({ schemaVersion: 1, TimeStamp: "yesterday", PendingDeregistration: {} })),
    ).toThrow(/TimeStamp is not an ISO-8601 time/);
  });

  it.each([
    ["not JSON", "{", /not JSON/],
    ["a JSON list", JSON.stringify(["10.0.0.1"]), /not a JSON object/],
    ["a double-encoded list", JSON.stringify(JSON.stringify(["10.0.0.1"])), /not a JSON object/],
    [
      "of a newer schema",
      JSON.stringify({ schemaVersion: 2, IPList: [] }),
      /schemaVersion is 2, this function reads 1/,
    ],
    ["with a non-list IPList", JSON.stringify({ schemaVersion: 1, IPList: "10.0.0.1" }), /IPList is not a list/],
  ])("reject an active file that is %s, naming its key", (_case, body, reason) => {
    expect(() => decodeActive("tg/alb/active.json", body)).toThrow(CorruptStateError);
    expect(() => decodeActive("tg/alb/active.json", body)).toThrow(reason);
    expect(() => decodeActive("tg/alb/active.json", body)).toThrow(
      /^state object tg\/alb\/active\.json is corrupt .* left as it is for inspection/,
    );
  });

  it("read the original function's double-encoded files, so an adopted deployment keeps its counters", () => {
    const active = JSON.stringify(
      JSON.stringify({ LoadBalancerName: ALB, TimeStamp: "2019-05-01 10:00:00", IPList: ["10.0.0.1"], IPCount: 1 }),
    );
    const pending = JSON.stringify(JSON.stringify({ "10.0.0.2": 4 }));
    expect(decodeActive("a", active)).toEqual(["10.0.0.1"]);
    expect(decodePending("p", pending)).toEqual({
      pendingDeregistration: { "10.0.0.2": 4 },
      missesCountedAt: undefined,
    });
  });

  it("reject a pending file whose counts are not positive whole numbers", () => {
    expect(() =>
      decodePending("p", JSON.stringify({ schemaVersion: 1, PendingDeregistration: { "10.0.0.1": 0 } })),
    ).toThrow(/map of IP to a positive count/);
  });
});
