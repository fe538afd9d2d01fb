import { isValidScheduleExpression, schedulePeriodSeconds } from "../../lib/schedule-expression";

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
