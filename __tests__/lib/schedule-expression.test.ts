import { DEFAULTS } from "../../functions/target-sync/contract";
import {
  DEFAULT_SCHEDULE,
  isValidScheduleExpression,
  schedulePeriodSeconds,
  shortestScheduleGapSeconds,
} from "../../lib/schedule-expression";

describe("schedulePeriodSeconds", () => {
  it.each([
    ["rate(1 minute)", 60],
    ["rate(5 minutes)", 300],
    ["rate(2 hours)", 7200],
    ["rate(1 day)", 86400],
    ["cron(* * * * ? *)", 60],
    ["cron(0/1 * * * ? *)", 60],
    ["cron(0/5 * * * ? *)", 3600],
  ])("gives %s a period of %i seconds", (expression, seconds) => {
    expect(isValidScheduleExpression(expression)).toBe(true);
    expect(schedulePeriodSeconds(expression)).toBe(seconds);
  });
});

describe("shortestScheduleGapSeconds", () => {
  it("gives the default schedule the function's default period", () => {
    expect(shortestScheduleGapSeconds(DEFAULT_SCHEDULE)).toBe(DEFAULTS.schedulePeriodSeconds);
  });

  it.each([
    ["rate(1 minute)", 60],
    ["rate(5 minutes)", 300],
    ["rate(1 hour)", 3600],
    ["rate(2 days)", 172800],
  ])("reads %s exactly, as %i s", (expression, seconds) => {
    expect(shortestScheduleGapSeconds(expression)).toBe(seconds);
  });

  it.each([
    ["every minute", "cron(* * * * ? *)", 60],
    ["every 5 minutes", "cron(0/5 * * * ? *)", 300],
    ["every 10 minutes of business hours", "cron(*/10 8-18 ? * MON-FRI *)", 600],
    ["twice an hour, unevenly", "cron(0,20 * * * ? *)", 1200],
    ["on the hour, 8 to 18", "cron(0 8-18 ? * MON-FRI *)", 3600],
    ["at 6 and 18 o'clock", "cron(0 6,18 * * ? *)", 43200],
    ["at 23:00 and 01:00, across midnight", "cron(0 1,23 * * ? *)", 7200],
    ["once a day", "cron(30 12 * * ? *)", 86400],
    ["once a month, as at most once a day", "cron(0 0 1 * ? *)", 86400],
  ])("takes a cron schedule run %s as its shortest gap: %s is %i s", (_name, expression, seconds) => {
    expect(shortestScheduleGapSeconds(expression)).toBe(seconds);
  });

  it("takes a cron minutes field it cannot read as one minute, the finest a schedule can run", () => {
    expect(shortestScheduleGapSeconds("cron(5-1 * * * ? *)")).toBe(60);
  });
});
