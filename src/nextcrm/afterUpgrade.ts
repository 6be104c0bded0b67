// `after-upgrade`: once NextCRM's own upgrade (`npx prisma migrate deploy`) has run on a migrated
// database, puts back what that upgrade lost and the migration kept for it — the roles, the
// contact types, lead statuses, types and sources, the currencies — wherever today's NextCRM has a
// place for it, and reports what it has no place for. In one transaction; a value it wrote is
// recorded in nextcrm_migrate.after_upgrade, so a rerun changes nothing and a value a person has
// changed since is left as the person set it (docs/ARCHITECTURE.md, "Today's NextCRM").
import { AFTER_UPGRADE_LOCK } from "../postgres/locks.js";
import { MigrateError } from "../errors.js";
import { openPostgres, type Queryable } from "../postgres/connect.js";
import { oneRow } from "../postgres/query.js";
import { withReleasers } from "../releasers.js";
import { ident } from "../schema/sqlText.js";
import { collections } from "../map/collections.js";
import { printedName } from "../postgres/schemaModel.js";
import { after_upgrade, unmapped, upgrade_kept } from "../schema/unmapped.js";
import { DROPPED_TABLES, intendedRole, LOST_COLUMNS, ROLE_AFTER_UPGRADE, SEEDED_CURRENCIES, SETTINGS_LOOKUPS } from "./today.js";

// Every field the map holds back for NextCRM's upgrade has its place in NextCRM's settings, and no other.
const held = collections.flatMap((c) =>
  c.columns.filter((f) => f.today?.kind === "heldForUpgrade").map((f) => `${c.collection}.${f.field}`),
);
if (
  held.sort().join() !==
  SETTINGS_LOOKUPS.map((l) => `${l.table}.${l.field}`)
    .sort()
    .join()
) {
  throw new Error(`after-upgrade: the fields held back for NextCRM's upgrade (${held.join(", ")}) are not those with a settings table`);
}

const KEPT = printedName(upgrade_kept);
const UNMAPPED = printedName(unmapped);
const WRITTEN = printedName(after_upgrade);
/** Per restore, the rows it covers and what each should hold; gone at the transaction's end. */
const DESIRED = "nextcrm_after_upgrade_desired";

/** A row this run wrote: its id and what it now holds, as a user reads it (a role, a name, a code). */
export interface Written {
  id: string;
  value: string;
}

/** A row whose value a person set, before this command or since it wrote one: left as it is. */
export interface LeftAlone {
  id: string;
  /** Who or what the row is, where a user recognises it (a user's email). */
  about: string | null;
  /** The value now, as a user reads it (null: empty). */
  now: string | null;
  /** What this command means it to hold. */
  meant: string;
  /** True when an earlier after-upgrade wrote the value the person changed. */
  sinceEarlierRun: boolean;
}

/** A kept value that today's NextCRM has no place for: kept where it is, and reported. */
export interface NotRestorable {
  id: string;
  /** The value as the migration kept it (Extended JSON of a held value, a kept column's JSON). */
  value: unknown;
  /** Where it stays. */
  keptIn: string;
}

export interface RestoreResult {
  /** What, for a user: "roles", "contact types", ... */
  what: string;
  table: string;
  column: string;
  written: Written[];
  /** Rows already holding what this command means (written by an earlier run, or right all along). */
  already: number;
  leftAlone: LeftAlone[];
  notRestorable: NotRestorable[];
  /** Rows the migration kept values for that NextCRM has since deleted. */
  gone: number;
  /** Rows this run added so the values have something to point at: where, and their names. */
  created: { table: string; names: string[] };
}

export interface KeptNotRestored {
  /** A dropped table, or `table.column` of a column the upgrade dropped. */
  what: string;
  rows: number;
  /** Where the rows are, as a query's condition a user can paste. */
  where: string;
  note: string;
  /** For dropped columns: the rows concerned. */
  ids?: string[];
}

export interface AfterUpgradeResult {
  restored: RestoreResult[];
  keptNotRestored: KeptNotRestored[];
  /** Users whose role is admin once this run is done: who can sign in to check the rest. */
  admins: number;
}

/** How one column is restored from what the migration kept. */
interface Restore {
  what: string;
  table: string;
  column: string;
  /** Fills DESIRED (id, key): the rows to restore and, per row, the value by its name. */
  fill(db: Queryable): Promise<unknown>;
  /** The column's value for a key, as SQL of the key `k`; NULL while nothing by that name exists. */
  stored(k: string): string;
  /** The column's value `v` as a user reads it, as SQL. */
  shown(v: string): string;
  /** What NextCRM's upgrade left in the column of every such row: holding it, a row was not touched since. */
  leftByUpgrade: string | null;
  /** Makes sure a key can be stored (a lookup row, a currency): SQL of $1 (the keys) answering those it created as `name`. */
  ensure?: { table: string; text: string };
  /** Kept values with no place: SQL answering (id, value) of the rows that still exist. */
  unrestorable?: { text: string; params: unknown[]; keptIn: string };
  /** SQL of the row `t` that names it for a user. */
  about?: string;
}

/** Fills DESIRED from a query answering (id, key). */
const fillFrom =
  (text: string, params: unknown[] = []) =>
  (db: Queryable) =>
    db.unsafe(`insert into ${DESIRED} (id, key) ${text}`, params as never[]);

const blank = (v: string) => `(${v} ~ '^\\s*$')`;

/**
 * A value the migration held back (nextcrm_migrate.unmapped, kind heldForUpgrade) because NextCRM's
 * settings migration would have refused it: it goes into the lookup table as a name of its own.
 */
function heldLookup(what: string, table: string, field: string, column: string, lookup: string): Restore {
  const original = `u.data->'repaired'->'${field}'->'original'`;
  const heldRows = `from ${UNMAPPED} u where u.table_name = '${table}' and u.data->'repaired'->'${field}'->>'kind' = 'heldForUpgrade'`;
  // A held empty or blank text is no name a user could pick from a list; nor is a value that was not text.
  const usable = `jsonb_typeof(${original}) = 'string' and not ${blank(`(${original} #>> '{}')`)}`;
  return {
    ...lookupColumn(what, table, column, lookup),
    fill: fillFrom(`select u.id, ${original} #>> '{}' ${heldRows} and ${usable}`),
    unrestorable: {
      text: `select u.id, ${original} as value ${heldRows} and not (${usable}) and exists (select 1 from ${ident(table)} t where t.id = u.id)`,
      params: [],
      keptIn: `${UNMAPPED} (table_name '${table}', data.repaired.${field})`,
    },
  };
}

function lookupColumn(what: string, table: string, column: string, lookup: string): Omit<Restore, "fill"> {
  return {
    what,
    table,
    column,
    stored: (k) => `(select l.id from ${ident(lookup)} l where l.name = ${k})`,
    shown: (v) => `(select l.name from ${ident(lookup)} l where l.id = ${v})`,
    leftByUpgrade: null,
    ensure: {
      table: lookup,
      text: `insert into ${ident(lookup)} (name) select distinct k from unnest($1::text[]) k on conflict (name) do nothing returning name`,
    },
  };
}

const keptCurrency = `k.data->>'currency'`;
/** The kept currencies NextCRM's upgrade set to NULL: it keeps LEFT(TRIM(currency), 3) only when that is a seeded code. */
const nulledCurrency = `from ${KEPT} k where k.table_name = 'crm_Opportunities' and jsonb_typeof(k.data->'currency') = 'string'
  and not ${blank(keptCurrency)} and not (left(btrim(${keptCurrency}), 3) = any($1::text[]))`;

const RESTORES: readonly Restore[] = [
  {
    what: "roles",
    table: "Users",
    column: "role",
    async fill(db) {
      const kept = await db.unsafe<{ id: string; data: Record<string, unknown> }[]>(
        `select id, data from ${KEPT} where table_name = 'Users'`,
      );
      await db.unsafe(`insert into ${DESIRED} (id, key) select * from unnest($1::uuid[], $2::text[])`, [
        kept.map((k) => k.id),
        kept.map((k) => intendedRole(k.data)),
      ]);
    },
    stored: (k) => `${k}::"AppRole"`,
    shown: (v) => `${v}::text`,
    leftByUpgrade: ROLE_AFTER_UPGRADE,
    about: `t.email`,
  },
  ...SETTINGS_LOOKUPS.map((l) => heldLookup(l.what, l.table, l.field, l.column, l.lookup)),
  {
    // NextCRM's settings migration drops lead_source without carrying it anywhere; every kept one is restored.
    ...lookupColumn("lead sources", "crm_Leads", "lead_source_id", "crm_Lead_Sources"),
    fill: fillFrom(`select k.id, k.data->>'lead_source' from ${KEPT} k
      where k.table_name = 'crm_Leads' and jsonb_typeof(k.data->'lead_source') = 'string' and not ${blank(`(k.data->>'lead_source')`)}`),
  },
  {
    what: "currencies",
    table: "crm_Opportunities",
    column: "currency",
    // ISO 4217 codes are upper case, and NextCRM compares codes exactly: "gbp" is GBP, "eur" is EUR.
    fill: fillFrom(`select k.id, upper(btrim(${keptCurrency})) ${nulledCurrency} and char_length(btrim(${keptCurrency})) = 3`, [
      SEEDED_CURRENCIES,
    ]),
    stored: (k) => `(select c.code from "Currency" c where c.code = ${k})`,
    shown: (v) => `${v}::text`,
    leftByUpgrade: null,
    ensure: {
      table: "Currency",
      text: `insert into "Currency" (code, name, symbol, "isEnabled", "isDefault", "createdAt", "updatedAt")
        select distinct c, c, c, true, false, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP from unnest($1::text[]) c
        on conflict do nothing returning code as name`,
    },
    unrestorable: {
      // Currency.code is VARCHAR(3): a longer or shorter value has no code to be.
      text: `select k.id, k.data->'currency' as value ${nulledCurrency} and char_length(btrim(${keptCurrency})) <> 3
        and exists (select 1 from "crm_Opportunities" t where t.id = k.id)`,
      params: [SEEDED_CURRENCIES],
      keptIn: `${KEPT} (table_name 'crm_Opportunities', data.currency)`,
    },
  },
];

/** Tables whose created_by the upgrade drops: a value createdBy did not take over is gone from NextCRM. */
const DISCARDED_CREATED_BY = LOST_COLUMNS.filter((l) => l.columns.includes("created_by")).map((l) => l.table);

/** What the upgrade must have made before anything can be put back: [table, column] (column null: the table). */
const UPGRADED: readonly (readonly [string, string | null])[] = [
  ["Users", "role"],
  ["crm_Contact_Types", null],
  ["crm_Lead_Statuses", null],
  ["crm_Lead_Types", null],
  ["crm_Lead_Sources", null],
  ["crm_Contacts", "contact_type_id"],
  ["crm_Leads", "lead_status_id"],
  ["crm_Leads", "lead_type_id"],
  ["crm_Leads", "lead_source_id"],
  ["Currency", null],
];

/** Columns the upgrade drops: still there, it has not finished. */
const DROPPED_BY_UPGRADE: readonly (readonly [string, string])[] = [
  ["Users", "is_admin"],
  ["Users", "is_account_admin"],
];

export function runAfterUpgrade(o: { postgresUrl: string }): Promise<AfterUpgradeResult> {
  return withReleasers(async (defer) => {
    const sql = await openPostgres(o.postgresUrl, { max: 1 });
    defer(() => sql.end());
    return (await sql.begin(async (tx) => {
      await tx.unsafe(`select pg_advisory_xact_lock(${AFTER_UPGRADE_LOCK})`);
      await assertMigrated(tx);
      await assertUpgraded(tx);
      await tx.unsafe(`create temp table ${DESIRED} (id uuid primary key, key text not null) on commit drop`);
      const restored: RestoreResult[] = [];
      for (const r of RESTORES) restored.push(await restore(tx, r));
      const keptNotRestored = [...(await droppedTables(tx)), ...(await discardedCreatedBy(tx))];
      const { admins } = await oneRow<{ admins: number }>(tx, `select count(*)::int as admins from "Users" where role = 'admin'`);
      return { restored, keptNotRestored, admins };
    })) as AfterUpgradeResult;
  });
}

async function assertMigrated(db: Queryable): Promise<void> {
  const { ready } = await oneRow<{ ready: boolean }>(
    db,
    `select to_regclass('${KEPT}') is not null and to_regclass('${WRITTEN}') is not null as ready`,
  );
  const kept =
    ready && (await oneRow<{ users: boolean }>(db, `select exists (select 1 from ${KEPT} where table_name = 'Users') as users`)).users;
  if (!kept) {
    throw new MigrateError(
      "NOT_MIGRATED",
      `this database was not migrated by nextcrm-migrate (${KEPT} holds no users): run after-upgrade on the database nextcrm-migrate migrated into, after NextCRM's \`npx prisma migrate deploy\`. Nothing was written.`,
    );
  }
}

async function assertUpgraded(db: Queryable): Promise<void> {
  const has = (table: string, column: string | null) =>
    column === null
      ? `to_regclass('${ident(table)}') is not null`
      : `exists (select 1 from pg_attribute a where a.attrelid = to_regclass('${ident(table)}') and a.attname = '${column}' and a.attnum > 0 and not a.attisdropped)`;
  const checks = [
    ...UPGRADED.map(([t, c]) => ({ found: has(t, c), lacking: `${c ? `${t}.${c}` : t} is missing` })),
    ...DROPPED_BY_UPGRADE.map(([t, c]) => ({ found: `not ${has(t, c)}`, lacking: `${t}.${c} is still there` })),
    {
      found: `(select t.typname = 'AppRole' from pg_attribute a join pg_type t on t.oid = a.atttypid
        where a.attrelid = to_regclass('"Users"') and a.attname = 'role' and a.attnum > 0 and not a.attisdropped) is not false`,
      lacking: `Users.role is not of type "AppRole" yet`,
    },
  ];
  const row = await oneRow<Record<string, boolean>>(db, `select ${checks.map((c, i) => `${c.found} as c${i}`).join(", ")}`);
  const lacking = checks.filter((_, i) => !row[`c${i}`]).map((c) => c.lacking);
  if (lacking.length) {
    const untouched = UPGRADED.every((_, i) => !row[`c${i}`]);
    throw new MigrateError(
      "NOT_UPGRADED",
      `NextCRM has ${untouched ? "not upgraded this database yet" : `upgraded this database only partly (${lacking.join(", ")})`}: run NextCRM's \`npx prisma migrate deploy\` on it first, then after-upgrade again. Nothing was written.`,
    );
  }
}

interface RowState {
  id: string;
  key: string;
  current: string | null;
  current_shown: string | null;
  wanted: string | null;
  recorded: string | null;
  about: string | null;
}

async function restore(db: Queryable, r: Restore): Promise<RestoreResult> {
  const table = ident(r.table);
  const column = ident(r.column);
  await db.unsafe(`truncate ${DESIRED}`);
  await r.fill(db);
  // The rows are locked: NextCRM, running already, cannot change one between this look and the write.
  const rows = await db.unsafe<RowState[]>(
    `select d.id, d.key, t.${column}::text as current, ${r.shown(`t.${column}`)} as current_shown,
            ${r.stored("d.key")}::text as wanted, a.value #>> '{}' as recorded, ${r.about ?? "null"}::text as about
       from ${DESIRED} d
       join ${table} t on t.id = d.id
       left join ${WRITTEN} a on a.table_name = $1 and a.id = d.id and a.column_name = $2
      order by d.id
      for update of t`,
    [r.table, r.column],
  );
  const { gone } = await oneRow<{ gone: number }>(
    db,
    `select count(*)::int as gone from ${DESIRED} d where not exists (select 1 from ${table} t where t.id = d.id)`,
  );

  let already = 0;
  const toWrite: RowState[] = [];
  const rightAllAlong: RowState[] = [];
  const leftAlone: LeftAlone[] = [];
  for (const row of rows) {
    if (row.recorded !== null) {
      if (row.current === row.recorded) already++;
      else leftAlone.push(left(row, true));
    } else if (row.wanted !== null && row.current === row.wanted) {
      already++;
      rightAllAlong.push(row);
    } else if (row.current === r.leftByUpgrade) {
      toWrite.push(row);
    } else {
      leftAlone.push(left(row, false));
    }
  }

  const keys = [...new Set(toWrite.map((w) => w.key))];
  const created = r.ensure && keys.length ? (await db.unsafe<{ name: string }[]>(r.ensure.text, [keys])).map((c) => c.name).sort() : [];
  const written = toWrite.length
    ? await db.unsafe<{ id: string; value: string }[]>(
        `update ${table} t set ${column} = ${r.stored("w.key")} from unnest($1::uuid[], $2::text[]) w(id, key)
          where t.id = w.id returning t.id, t.${column}::text as value`,
        [toWrite.map((w) => w.id), toWrite.map((w) => w.key)],
      )
    : [];
  // Values right all along are recorded too: a person who changes one later is then recognised as such.
  const record = [...written.map((w) => [w.id, w.value] as const), ...rightAllAlong.map((w) => [w.id, w.current!] as const)];
  if (record.length) {
    await db.unsafe(
      `insert into ${WRITTEN} (table_name, id, column_name, value)
       select $1, w.id, $2, to_jsonb(w.value) from unnest($3::uuid[], $4::text[]) w(id, value)
       on conflict (table_name, id, column_name) do nothing`,
      [r.table, r.column, record.map(([id]) => id), record.map(([, v]) => v)],
    );
  }
  const keyOf = new Map(toWrite.map((w) => [w.id, w.key]));
  const notRestorable = r.unrestorable
    ? (await db.unsafe<{ id: string; value: unknown }[]>(`${r.unrestorable.text} order by 1`, r.unrestorable.params as never[])).map(
        (n) => ({
          id: n.id,
          value: n.value,
          keptIn: r.unrestorable!.keptIn,
        }),
      )
    : [];
  return {
    what: r.what,
    table: r.table,
    column: r.column,
    written: written.map((w) => ({ id: w.id, value: keyOf.get(w.id) ?? w.value })).sort((a, b) => a.id.localeCompare(b.id)),
    already,
    leftAlone,
    notRestorable,
    gone,
    created: { table: r.ensure?.table ?? r.table, names: created },
  };
}

const left = (row: RowState, sinceEarlierRun: boolean): LeftAlone => ({
  id: row.id,
  about: row.about,
  now: row.current_shown,
  meant: row.key,
  sinceEarlierRun,
});

async function droppedTables(db: Queryable): Promise<KeptNotRestored[]> {
  const counts = await db.unsafe<{ table_name: string; rows: number }[]>(
    `select table_name, count(*)::int as rows from ${KEPT} where table_name = any($1::text[]) group by table_name`,
    [DROPPED_TABLES.map((d) => d.table)],
  );
  const rowsOf = new Map(counts.map((c) => [c.table_name, c.rows]));
  return DROPPED_TABLES.filter((d) => rowsOf.get(d.table)).map((d) => ({
    what: d.table,
    rows: rowsOf.get(d.table)!,
    where: `${KEPT} where table_name = '${d.table}'`,
    note: `NextCRM's ${d.migration}: ${d.note}`,
  }));
}

async function discardedCreatedBy(db: Queryable): Promise<KeptNotRestored[]> {
  const out: KeptNotRestored[] = [];
  for (const table of DISCARDED_CREATED_BY) {
    // The upgrade copies created_by into createdBy only where createdBy was empty, and then drops it.
    const ids = await db.unsafe<{ id: string }[]>(
      `select k.id from ${KEPT} k join ${ident(table)} t on t.id = k.id
        where k.table_name = $1 and k.data->>'created_by' is not null and k.data->>'created_by' is distinct from t."createdBy"::text
        order by k.id`,
      [table],
    );
    if (ids.length) {
      out.push({
        what: `${table}.created_by`,
        rows: ids.length,
        ids: ids.map((i) => i.id),
        where: `${KEPT} where table_name = '${table}' (data->>'created_by')`,
        note: `created_by differs from the createdBy NextCRM kept (it took created_by's place only where it was empty, and dropped created_by)`,
      });
    }
  }
  return out;
}

/** At most this many rows are named per list; the rest are counted. */
const SHOWN = 10;

const some = <T>(items: readonly T[], show: (item: T) => string) =>
  items.slice(0, SHOWN).map(show).join("; ") + (items.length > SHOWN ? `; and ${items.length - SHOWN} more` : "");

const quoted = (v: unknown) => JSON.stringify(v);

/** The result as the lines a user reads, ending with what to do next. */
export function afterUpgradeText(r: AfterUpgradeResult): string {
  const out: string[] = ["after-upgrade: what NextCRM's upgrade lost, put back where today's NextCRM has a place for it"];
  let set = 0;
  let added = 0;
  for (const item of r.restored) {
    set += item.written.length;
    added += item.created.names.length;
    const counts = [
      item.written.length ? `${item.written.length} set${tally(item)}` : "",
      item.already ? `${item.already} already right` : "",
      item.leftAlone.length ? `${item.leftAlone.length} left as a person set them` : "",
      item.notRestorable.length ? `${item.notRestorable.length} cannot be restored` : "",
      item.gone ? `${item.gone} deleted in NextCRM since` : "",
    ].filter(Boolean);
    out.push(`  ${item.what} (${item.table}.${item.column}): ${counts.join(", ") || "nothing kept to restore"}`);
    if (item.created.names.length) out.push(`    added to ${item.created.table}: ${some(item.created.names, quoted)}`);
    if (item.leftAlone.length) {
      out.push(
        `    left as they are: ${some(item.leftAlone, (l) => `${l.id}${l.about ? ` (${l.about})` : ""} is ${l.now === null ? "empty" : quoted(l.now)}, after-upgrade would set ${quoted(l.meant)}${l.sinceEarlierRun ? " (changed since an earlier after-upgrade set it)" : " (set before after-upgrade ran)"}`)}`,
      );
    }
    if (item.notRestorable.length) {
      out.push(
        `    cannot be restored, kept in ${item.notRestorable[0]!.keptIn}: ${some(item.notRestorable, (n) => `${n.id} ${quoted(n.value)}`)}`,
      );
    }
  }
  if (r.keptNotRestored.length) {
    out.push("kept, not restored (today's NextCRM has no place for them):");
    for (const k of r.keptNotRestored)
      out.push(`  ${k.what}: ${k.rows} row(s), in ${k.where}; ${k.note}${k.ids ? ` (${some(k.ids, String)})` : ""}`);
  }
  out.push(
    set || added
      ? `set ${set} value(s)${added ? `, added ${added} lookup row(s) and currencies` : ""}; recorded in ${WRITTEN}.`
      : "nothing changed: every value was already right (an earlier after-upgrade's work, or right all along), or is as a person set it.",
  );
  out.push(
    r.admins
      ? `next: start NextCRM and sign in as an administrator (${r.admins} user(s) have the role admin) to check the roles and settings.`
      : `next: start NextCRM; no user has the role admin, so first make one (UPDATE "Users" SET role = 'admin' WHERE email = '...'), then sign in as that user.`,
  );
  return out.join("\n");
}

/** How many rows got each value, for a short list (`2 "admin"; 1 "user"`). */
function tally(item: RestoreResult): string {
  const counts = new Map<string, number>();
  for (const w of item.written) counts.set(w.value, (counts.get(w.value) ?? 0) + 1);
  const entries = [...counts].sort(([a], [b]) => a.localeCompare(b));
  return ` (${some(entries, ([v, n]) => `${n} ${quoted(v)}`)})`;
}
