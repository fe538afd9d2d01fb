/** EventBridge schedule expressions, as the sync's schedule takes them. */

/** The original's period: every minute. */
export const DEFAULT_SCHEDULE = "rate(1 minute)";

const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const CRON = /^cron\((\S+ ){5}\S+\)$/;

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const UNIT_SECONDS: Readonly<Record<string, number>> = { minute: MINUTE, hour: HOUR, day: DAY };

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
    const [, , dayOfMonth, , dayOfWeek] = cronFields(expression);
    return (dayOfMonth === "?") !== (dayOfWeek === "?");
  }
  return false;
}

/**
 * The time between two runs of a valid expression, to watch the runs by (the alarms' period): exact for `rate(…)`;
 * for `cron(…)`, whose gaps can vary, an hour unless its minute field is `*` or `0/1` (every minute), not a promise.
 */
export function schedulePeriodSeconds(expression: string): number {
  const rate = RATE.exec(expression);
  if (rate) return Number(rate[1]) * UNIT_SECONDS[rate[2].replace(/s$/, "")];
  const [minutes] = cronFields(expression);
  return minutes === "*" || minutes === "0/1" ? MINUTE : HOUR;
}

/**
 * The shortest time between two runs of a valid expression, in seconds, a promise the function's duplicate rule
 * relies on: exact for `rate(…)`. For `cron(…)`, the shortest gap its minutes and hours fields allow (the day fields
 * can only make gaps longer), so that no two scheduled runs are ever closer: `cron(0/5 * * * ? *)` is 300,
 * `cron(0 8-18 ? * MON-FRI *)` 3,600 and `cron(30 12 * * ? *)` a day. A field it cannot read counts as one minute,
 * EventBridge's finest resolution.
 */
export function shortestScheduleGapSeconds(expression: string): number {
  const rate = RATE.exec(expression);
  if (rate) return Number(rate[1]) * UNIT_SECONDS[rate[2].replace(/s$/, "")];
  const [minuteField, hourField] = cronFields(expression);
  const minutes = cronFieldValues(minuteField, 0, 59);
  const hours = cronFieldValues(hourField, 0, 23);
  if (minutes === undefined || hours === undefined) return MINUTE;
  if (minutes.length > 1) return shortestGap(minutes, 60) * MINUTE;
  if (hours.length > 1) return shortestGap(hours, 24) * HOUR;
  return DAY;
}

function cronFields(expression: string): string[] {
  return expression.slice("cron(".length, -1).split(" ");
}

/** The values a cron minutes or hours field (`*`, `5`, `0-10`, `*\/5`, `3/20`, `1-30/7`, lists of them) names. */
function cronFieldValues(field: string, min: number, max: number): number[] | undefined {
  const values = new Set<number>();
  for (const part of field.split(",")) {
    const match = /^(?:\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!match) return undefined;
    const [, from, to, step] = match;
    const start = from === undefined ? min : Number(from);
    // `a/n` runs from a to the field's end; a bare `a` is the one value.
    const end = to !== undefined ? Number(to) : from === undefined || step !== undefined ? max : start;
    const increment = step === undefined ? 1 : Number(step);
    if (start < min || end > max || start > end || increment < 1) return undefined;
    for (let value = start; value <= end; value += increment) values.add(value);
  }
  return [...values].sort((a, b) => a - b);
}

/** The shortest gap between consecutive values (sorted, at least two) of a field that repeats every `cycle`. */
function shortestGap(values: readonly number[], cycle: number): number {
  const wrap = values[0] + cycle - values[values.length - 1];
  return Math.min(wrap, ...values.slice(1).map((value, index) => value - values[index]));
}
