// `status`: what the checkpoint says next to what the two databases hold right now, so a user
// can see how far an interrupted run got before deciding to resume, retry or restart.
import { collections, junctions } from "../map/collections.js";
import { openMongo } from "../mongo/connect.js";
import { approximateCount } from "../mongo/read.js";
import { openPostgres } from "../postgres/connect.js";
import { fingerprint, loadCheckpoint, type CheckpointData } from "./checkpoint.js";
import { migrationOrder } from "./order.js";
import { countOf } from "../postgres/query.js";
import { withReleasers } from "../releasers.js";
import { fmt, textTable } from "../report/format.js";
import { ident } from "../schema/sqlText.js";

export interface StatusRow {
  name: string;
  kind: "table" | "junction";
  /** "done", "in progress", "not started" — or "no checkpoint" when none exists. */
  state: string;
  read?: number;
  failed?: number;
  /** Documents in MongoDB (the server's count from collection statistics); absent for junctions. */
  source?: number;
  /** Rows in PostgreSQL now. */
  target: number;
}

export interface Status {
  checkpoint?: Pick<CheckpointData, "timestamp" | "complete" | "totals">;
  rows: StatusRow[];
}

export function readStatus(o: { mongoUrl: string; mongoDb: string; postgresUrl: string; checkpointPath: string }): Promise<Status> {
  return withReleasers(async (defer) => {
    const cp = loadCheckpoint(o.checkpointPath, fingerprint(o.mongoUrl), fingerprint(o.postgresUrl));
    const sql = await openPostgres(o.postgresUrl, { max: 1 });
    defer(() => sql.end());
    const { client, db } = await openMongo(o.mongoUrl, o.mongoDb);
    defer(() => client.close());
    // A table the schema lacks shows as missing (-1) instead of failing the whole status.
    const count = (table: string) => countOf(sql, `select count(*)::int as n from ${ident(table)}`).catch(() => -1);
    const rows: StatusRow[] = [];
    for (const c of migrationOrder(collections)) {
      const t = cp?.tables[c.collection];
      rows.push({
        name: c.collection,
        kind: "table",
        state: !cp ? "no checkpoint" : t?.done ? "done" : t?.cursor ? "in progress" : "not started",
        ...(t ? { read: t.read, failed: t.failed } : {}),
        source: await approximateCount(db, c.collection),
        target: await count(c.collection),
      });
    }
    for (const j of junctions) {
      const s = cp?.junctions[j.name];
      rows.push({
        name: j.name,
        kind: "junction",
        state: !cp ? "no checkpoint" : s?.done ? "done" : "not started",
        target: await count(j.name),
      });
    }
    return { ...(cp ? { checkpoint: { timestamp: cp.timestamp, complete: cp.complete, totals: cp.totals } } : {}), rows };
  });
}

/** What `status` prints: the checkpoint's line, then one row per table and junction ("missing": a table the schema lacks). */
export function statusText(status: Status, checkpointPath: string): string {
  const n = (x: number | undefined) => (x === undefined ? "" : x < 0 ? "missing" : fmt(x));
  const cp = status.checkpoint;
  const head = cp
    ? `checkpoint ${checkpointPath} (saved ${cp.timestamp}${cp.complete ? ", last pass complete" : ""}): ${fmt(cp.totals.read)} read, ${fmt(cp.totals.failed)} failed`
    : `no checkpoint at ${checkpointPath}: no run is in progress (a run that ends with no failure deletes it)`;
  const table = textTable(
    ["table", "checkpoint", "read", "failed", "mongodb", "postgresql"],
    status.rows.map((r) => [r.name, r.state, n(r.read), n(r.failed), n(r.source), n(r.target)]),
  );
  return `${head}\n${table}`;
}
