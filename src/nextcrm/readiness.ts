// "NextCRM <release> readiness": what today's NextCRM will make of the migrated data after its own
// upgrade, for the user to read before the switch (docs/ARCHITECTURE.md, "Today's NextCRM").
// Every count is a check declared once as a test on a row and the same test in SQL: the dry run
// tallies the rows it would write, `validate` asks the database.
import { collections } from "../map/collections.js";
import { TODAY_REPAIR_KINDS, type ColumnField, type TodayRepair } from "../map/types.js";
import type { Sql } from "../postgres/connect.js";
import { fmt } from "../report/format.js";
import { ident, literal } from "../schema/sqlText.js";
import { AS_IS, forToday } from "../transform/today.js";
import { UNMAPPED, UPGRADE_KEPT } from "../postgres/schemaModel.js";
import {
  DROPPED_TABLES,
  FORM_LIMITS,
  HIDDEN_BY_STATUS,
  LOCKED_OUT_STATUSES,
  LOST_COLUMNS,
  NEXTCRM_BUGS,
  SEEDED_CURRENCIES,
  TODAY,
} from "./today.js";

type Row = Record<string, unknown>;

/** What a check counts, and under which heading. */
type Section = "breaks" | "removes" | "tooLong" | "access";

interface Check {
  section: Section;
  table: string;
  column?: string;
  /** Counted per value of `column` (else one count per table). */
  perValue?: boolean;
  /** What it means, in a user's words. */
  what: string;
  test: (row: Row) => boolean;
  /** The same test in SQL, over the table as `t`. */
  where: string;
}

export interface Count {
  table: string;
  column?: string;
  /** The value, as text, where a check counts per value. */
  value?: string;
  what: string;
  count: number;
}

export interface Readiness {
  release: string;
  /** Values that would stop a page or the upgrade: only with --exact-values. */
  breaks: Count[];
  /** What the migration changed for today's NextCRM (TodayRepair kinds), per column. */
  repaired: { table: string; column: string; kind: string; count: number }[];
  /** What NextCRM's upgrade removes from its own tables, all of it kept in nextcrm_migrate.upgrade_kept. */
  removes: Count[];
  /** Values longer than today's edit forms accept. */
  tooLong: Count[];
  /** Users who cannot sign in. */
  access: Count[];
  /**
   * Rows whose copy in nextcrm_migrate.upgrade_kept is missing or differs: NextCRM's upgrade would
   * lose them. `validate` fails on any; the dry run has no copy to check.
   */
  unkept: { table: string; rows: number }[];
}

const col = (name: string) => `t.${ident(name)}`;
const words = (list: readonly string[]) => `array[${list.map(literal).join(", ")}]`;

/** A TodayRepair's test, in SQL: the value it would change. */
function todaySql(f: ColumnField, r: TodayRepair): string {
  const c = col(f.field);
  switch (r.kind) {
    case "retiredEnumValue":
      return `${c} = ${literal(r.from)}`;
    case "nullToText":
      return `${c} is null`;
    case "heldForUpgrade":
      return `lower(${c}) <> all(${words((f.vocabulary?.values ?? []).map((w) => w.toLowerCase()))})`;
    case "currencyCode":
      return `${c} <> upper(btrim(${c})) and upper(btrim(${c})) ~ '^[A-Z]{3}$'`;
    case "nullElements":
      return `array_position(${c}, null) is not null`;
  }
}

const isSet = (v: unknown) => v !== null && v !== undefined;

/** Every check, from the collection map's TodayRepairs and the facts of src/nextcrm/today.ts. */
export const CHECKS: readonly Check[] = [
  ...collections.flatMap((c) =>
    c.columns.flatMap((f): Check[] => {
      const r = f.today;
      if (!r) return [];
      return [
        {
          section: "breaks",
          table: c.collection,
          column: f.field,
          perValue: r.kind !== "nullElements",
          what: r.breaks,
          test: (row) => forToday(r, row[f.field], f.vocabulary) !== AS_IS,
          where: todaySql(f, r),
        },
      ];
    }),
  ),
  ...DROPPED_TABLES.map(
    ({ table, migration, note }): Check => ({
      section: "removes",
      table,
      what: `the table is dropped by ${migration}: ${note}`,
      test: () => true,
      where: "true",
    }),
  ),
  ...LOST_COLUMNS.map(
    ({ table, columns, migration, note }): Check => ({
      section: "removes",
      table,
      what: `${columns.join(", ")}: ${note} (${migration})`,
      test: (row) => columns.some((x) => isSet(row[x])),
      where: columns.map((x) => `${col(x)} is not null`).join(" or "),
    }),
  ),
  {
    section: "removes",
    table: "Users",
    what: "administrators (is_admin): the upgrade makes them managers and nobody an administrator; `after-upgrade` makes them admin again",
    test: (row) => row.is_admin === true,
    where: `${col("is_admin")}`,
  },
  {
    section: "removes",
    table: "crm_Opportunities",
    column: "currency",
    perValue: true,
    what: `a currency other than ${SEEDED_CURRENCIES.join(", ")} becomes NULL (20260404150000); \`after-upgrade\` restores three-letter codes`,
    test: (row) => typeof row.currency === "string" && !(SEEDED_CURRENCIES as readonly string[]).includes(row.currency.trim().slice(0, 3)),
    where: `${col("currency")} is not null and left(btrim(${col("currency")}), 3) <> all(${words(SEEDED_CURRENCIES)})`,
  },
  ...HIDDEN_BY_STATUS.map(
    ({ table, column, value }): Check => ({
      section: "removes",
      table,
      what: `${column} ${JSON.stringify(value)}: soft-deleted by the upgrade, gone from every list`,
      test: (row) => row[column] === value,
      where: `${col(column)} = ${literal(value)}`,
    }),
  ),
  ...FORM_LIMITS.map(
    ([table, column, max]): Check => ({
      section: "tooLong",
      table,
      column,
      what: `longer than ${max} characters`,
      test: (row) => typeof row[column] === "string" && [...(row[column] as string)].length > max,
      where: `char_length(${col(column)}) > ${max}`,
    }),
  ),
  {
    section: "access",
    table: "Users",
    column: "userStatus",
    perValue: true,
    what: "today's NextCRM sends these users away at sign-in",
    test: (row) => (LOCKED_OUT_STATUSES as readonly unknown[]).includes(row.userStatus),
    where: `${col("userStatus")}::text = any(${words(LOCKED_OUT_STATUSES)})`,
  },
];

const valueText = (v: unknown) => (v === null || v === undefined ? "NULL" : String(v));

/** The dry run's tally: the rows a migration would write, and the TodayRepairs it would make. */
export class ReadinessTally {
  private readonly counts = new Map<Check, Map<string | undefined, number>>();
  private readonly repairs = new Map<string, number>();
  private readonly byTable = new Map<string, Check[]>();

  constructor() {
    for (const c of CHECKS) this.byTable.set(c.table, [...(this.byTable.get(c.table) ?? []), c]);
  }

  add(table: string, row: Row, repairs: readonly { field: string; kind: string }[]): void {
    for (const c of this.byTable.get(table) ?? []) {
      if (!c.test(row)) continue;
      const key = c.perValue ? valueText(row[c.column!]) : undefined;
      let m = this.counts.get(c);
      if (!m) this.counts.set(c, (m = new Map()));
      m.set(key, (m.get(key) ?? 0) + 1);
    }
    for (const r of repairs) {
      if ((TODAY_REPAIR_KINDS as readonly string[]).includes(r.kind))
        this.repairs.set(`${table}\u0000${r.field}\u0000${r.kind}`, (this.repairs.get(`${table}\u0000${r.field}\u0000${r.kind}`) ?? 0) + 1);
    }
  }

  result(): Readiness {
    const counts = CHECKS.flatMap((c) => [...(this.counts.get(c) ?? [])].map(([value, count]): Counted => [c, countOf(c, value, count)]));
    const repaired = [...this.repairs].map(([k, count]) => {
      const [table, column, kind] = k.split("\u0000") as [string, string, string];
      return { table, column, kind, count };
    });
    return assemble(counts, repaired);
  }
}

const countOf = (c: Check, value: string | undefined, count: number): Count => ({
  table: c.table,
  ...(c.column ? { column: c.column } : {}),
  ...(value !== undefined ? { value } : {}),
  what: c.what,
  count,
});

type Counted = [Check, Count];

function assemble(counted: Counted[], repaired: Readiness["repaired"], unkept: Readiness["unkept"] = []): Readiness {
  const of = (s: Section) =>
    counted
      .filter(([c]) => c.section === s)
      .map(([, x]) => x)
      .sort(
        (a, b) =>
          a.table.localeCompare(b.table) ||
          (a.column ?? "").localeCompare(b.column ?? "") ||
          b.count - a.count ||
          (a.value ?? "").localeCompare(b.value ?? "") ||
          a.what.localeCompare(b.what),
      );
  return {
    release: TODAY.release,
    breaks: of("breaks"),
    repaired: repaired.sort((a, b) => a.table.localeCompare(b.table) || a.column.localeCompare(b.column) || a.kind.localeCompare(b.kind)),
    removes: of("removes"),
    tooLong: of("tooLong"),
    access: of("access"),
    unkept,
  };
}

/** `validate`'s readiness: the same checks asked of the database, and the repairs from nextcrm_migrate.unmapped. */
export async function readinessOf(sql: Sql): Promise<Readiness> {
  const counted: Counted[] = [];
  for (const c of CHECKS) {
    const rows = await sql.unsafe<{ value: string | null; n: number }[]>(
      c.perValue
        ? `select ${col(c.column!)}::text as value, count(*)::int as n from ${ident(c.table)} t where ${c.where} group by 1 order by 2 desc`
        : `select null as value, count(*)::int as n from ${ident(c.table)} t where ${c.where}`,
    );
    for (const r of rows) if (r.n > 0) counted.push([c, countOf(c, c.perValue ? valueText(r.value) : undefined, r.n)]);
  }
  const repaired = await sql.unsafe<{ table: string; column: string; kind: string; count: number }[]>(
    `select u.table_name as table, r.key as column, r.value->>'kind' as kind, count(*)::int as count
     from ${UNMAPPED} u, jsonb_each(u.data->'repaired') r
     where jsonb_typeof(u.data->'repaired') = 'object' and r.value->>'kind' = any($1::text[])
     group by 1, 2, 3`,
    [TODAY_REPAIR_KINDS as string[]],
  );
  return assemble(counted, [...repaired], await unkeptRows(sql));
}

/**
 * What the upgrade drops that nextcrm_migrate.upgrade_kept does not hold as the tables hold it now,
 * derived here from the facts, not from the keep phase: a dropped table's rows whole, the other
 * tables' lost columns (of every user; of the rows with a value elsewhere), and kept rows whose row
 * is gone.
 */
async function unkeptRows(sql: Sql): Promise<Readiness["unkept"]> {
  const parts = [
    ...DROPPED_TABLES.map(({ table }) => ({ table, data: "to_jsonb(t)", where: "true" })),
    ...LOST_COLUMNS.map(({ table, columns, everyRow }) => ({
      table,
      data: `jsonb_build_object(${columns.map((c) => `${literal(c)}, ${col(c)}`).join(", ")})`,
      where: everyRow ? "true" : columns.map((c) => `${col(c)} is not null`).join(" or "),
    })),
  ];
  const out: Readiness["unkept"] = [];
  for (const p of parts) {
    const [r] = await sql.unsafe<{ n: number }[]>(
      `select (select count(*) from ${ident(p.table)} t where (${p.where})
                 and not exists (select 1 from ${UPGRADE_KEPT} k where k.table_name = $1 and k.id = t.id and k.data = ${p.data}))
            + (select count(*) from ${UPGRADE_KEPT} k where k.table_name = $1
                 and not exists (select 1 from ${ident(p.table)} t where t.id = k.id and (${p.where})))
              as n`,
      [p.table],
    );
    if (r!.n > 0) out.push({ table: p.table, rows: Number(r!.n) });
  }
  return out;
}

/** The readiness section as lines a user reads before the switch. */
export function readinessText(r: Readiness): string {
  const out = [`NextCRM ${r.release} readiness (today's NextCRM after its own upgrade, \`npx prisma migrate deploy\`):`];
  const where = (x: Count) => `${x.table}${x.column ? `.${x.column}` : ""}${x.value !== undefined ? ` ${JSON.stringify(x.value)}` : ""}`;
  if (!r.breaks.length) out.push("  What would stop a page or the upgrade: nothing.");
  else {
    out.push("  What would stop a page or the upgrade (values kept exactly as they are):");
    for (const x of r.breaks) out.push(`    ${where(x)}: ${fmt(x.count)} row(s): ${x.what}`);
    out.push("    migrate without --exact-values to write them as NextCRM writes them (originals kept in nextcrm_migrate.unmapped).");
  }
  if (r.repaired.length) {
    out.push("  Repaired for it by the migration (originals in nextcrm_migrate.unmapped):");
    for (const x of r.repaired) out.push(`    ${x.table}.${x.column}: ${fmt(x.count)} × ${x.kind}`);
  }
  if (r.removes.length) {
    out.push(`  What NextCRM's upgrade removes from its own tables (all of it kept in ${UPGRADE_KEPT}):`);
    for (const x of r.removes) out.push(`    ${where(x)}: ${fmt(x.count)} row(s): ${x.what}`);
  }
  if (r.tooLong.length) {
    out.push("  Longer than NextCRM's edit forms accept (shown, but saving the form fails until shortened; never truncated):");
    for (const x of r.tooLong) out.push(`    ${where(x)}: ${fmt(x.count)} row(s) ${x.what}`);
  }
  for (const x of r.access) out.push(`  Users who cannot sign in: ${where(x)}: ${fmt(x.count)}: ${x.what}.`);
  for (const x of r.unkept)
    out.push(
      `  NOT KEPT: ${x.table}: ${fmt(x.rows)} row(s) differ from their copy in ${UPGRADE_KEPT}, and NextCRM's upgrade would lose them: run the migration again (without --tables) before the upgrade.`,
    );
  out.push("  NextCRM's own bugs, which no data avoids:");
  for (const b of NEXTCRM_BUGS) out.push(`    ${b}`);
  out.push("  After the switch: NextCRM's `npx prisma migrate deploy`, then `nextcrm-migrate after-upgrade`, then start NextCRM.");
  return out.join("\n");
}
