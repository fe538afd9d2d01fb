/** EventBridge schedule expressions, as the sync's schedule takes them. */

/** The original's period: every minute. */
export const DEFAULT_SCHEDULE = "rate(1 minute)";

const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const CRON = /^cron\((\S+ ){5}\S+\)$/;

/**
 * True for an expression EventBridge accepts: `rate(value unit)` with a singular unit for 1 and a plural one
 * otherwise, or `cron(minutes hours day-of-month month day-of-week year)` where exactly one of the two day fields
 * is `?`.
 */
export function isValidScheduleExpression(expression: string): boolean {
  const rate = RATE.exec(expression);
  if (rate) {
    const value = Number(rate[1]);
    const plural = rate[2].endsWith("s");
    return value >= 1 && plural === (value !== 1);
  }
  if (CRON.test(expression)) {
    const [, , dayOfMonth, , dayOfWeek] = expression.slice("cron(".length, -1).split(" ");
    return (dayOfMonth === "?") !== (dayOfWeek === "?");
  }
  return false;
}

const SECONDS_PER_UNIT: Readonly<Record<string, number>> = { minute: 60, hour: 3600, day: 86400 };

/**
 * The time between two runs of a valid expression: exact for `rate(…)`; for `cron(…)`, whose gaps can vary, an hour
 * unless its minute field is `*` or `0/1` (every minute), as a period to watch the runs by, not a promise.
 */
export function schedulePeriodSeconds(expression: string): number {
  const rate = RATE.exec(expression);
  if (rate) return Number(rate[1]) * SECONDS_PER_UNIT[rate[2].replace(/s$/, "")];
  const [minutes] = expression.slice("cron(".length, -1).split(" ");
  return minutes === "*" || minutes === "0/1" ? 60 : 3600;
}
