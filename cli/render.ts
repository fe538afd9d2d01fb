/** The inspection as an operator reads it: per ALB, a few lines about its discovery, then a table per target group. */
import type { Inspection, IpRow } from "./inspect";

const COLUMNS: readonly (readonly [string, (row: IpRow) => string])[] = [
  ["IP", (row) => row.ip],
  ["in DNS", (row) => (row.inDns ? "yes" : "no")],
  ["target", (row) => (row.target ? `${row.target.state}${row.target.reason ? ` (${row.target.reason})` : ""}` : "-")],
  ["misses", (row) => (row.misses === undefined ? "-" : String(row.misses))],
  ["next run", (row) => row.next],
];

/** One section per ALB: its discovery, then a table for each of its target groups. */
export function renderInspection(inspection: Inspection): string {
  const lines: string[] = [];
  for (const { albDnsName, discovery } of inspection.albs) {
    const figures = Object.entries(discovery.stats)
      .map(([name, value]) => `${name} ${value}`)
      .join(", ");
    if (lines.length > 0) lines.push("");
    lines.push(`ALB ${albDnsName}: ${discovery.ipCount} IPs (${figures})`);
    if (discovery.warning) lines.push(`warning: ${discovery.warning}`);
    for (const group of inspection.targetGroups.filter((entry) => entry.albDnsName === albDnsName)) {
      lines.push(
        "",
        `target group ${group.arn} (ALB port ${group.port})`,
        `state last changed ${group.stateChangedAt ?? "never (no state stored yet)"}`,
        ...table(group.rows),
      );
      lines.push(`verdict: ${group.verdict}${group.detail ? `: ${group.detail}` : ""}`);
      if (!group.plan.countedMisses) {
        lines.push(
          "note: a miss was counted less than half a schedule period ago, so a run now counts none; the next scheduled run does",
        );
      }
    }
  }
  return `${lines.join("\n")}\n`;
}

function table(rows: readonly IpRow[]): string[] {
  const cells = [COLUMNS.map(([title]) => title), ...rows.map((row) => COLUMNS.map(([, cell]) => cell(row)))];
  const widths = COLUMNS.map((_, column) => Math.max(...cells.map((line) => line[column].length)));
  return cells.map((line) =>
    line
      .map((cell, column) => cell.padEnd(widths[column]))
      .join("  ")
      .trimEnd(),
  );
}
