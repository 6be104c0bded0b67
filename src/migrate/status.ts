// `status`: what the checkpoint says next to what the two databases hold right now, so a user
// can see how far an interrupted run got before deciding to resume, retry or restart.
import { collections, junctions } from "../map/collections.js";
import { openMongo } from "../source/connect.js";
import { approximateCount } from "../source/read.js";
import { openPostgres } from "../target/connect.js";
import { fingerprint, loadCheckpoint, type CheckpointData } from "./checkpoint.js";
import { migrationOrder } from "./order.js";

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

export async function readStatus(o: { mongoUrl: string; mongoDb: string; postgresUrl: string; checkpointPath: string }): Promise<Status> {
  const cp = loadCheckpoint(o.checkpointPath, fingerprint(o.mongoUrl), fingerprint(o.postgresUrl));
  const sql = await openPostgres(o.postgresUrl, { max: 1 });
  try {
    const { client, db } = await openMongo(o.mongoUrl, o.mongoDb);
    try {
      const rows: StatusRow[] = [];
      const count = async (table: string) => {
        const [r] = await sql.unsafe<{ n: bigint }[]>(`select count(*) as n from "${table}"`).catch(() => [{ n: -1n }]);
        return Number(r!.n);
      };
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
        rows.push({ name: j.name, kind: "junction", state: !cp ? "no checkpoint" : s?.done ? "done" : "not started", target: await count(j.name) });
      }
      return { ...(cp ? { checkpoint: { timestamp: cp.timestamp, complete: cp.complete, totals: cp.totals } } : {}), rows };
    } finally {
      await client.close();
    }
  } finally {
    await sql.end();
  }
}
