// Opens PostgreSQL: one place that turns a bad URL or an unreachable server into a clear error.
import postgres from "postgres";
import { postgresTls } from "../config.js";
import { unreachable } from "../errors.js";
import { fromPgTimestamp, toPgTimestamp } from "../transform/timestamp.js";

export type Sql = postgres.Sql<{ bigint: bigint }>;

/** What statements run on: the pool, a reserved connection, or a transaction's connection. */
export type Queryable = postgres.ISql<{ bigint: bigint }>;

export interface OpenOptions {
  /** Pool size; the migrator needs a few for pipelining, tools one. */
  max?: number;
}

/** Seconds a server that accepted the connection has to answer the first query. */
const FIRST_ANSWER_S = 30;

/** Connects and runs one query, so a wrong host or password fails here with exit 3. */
export async function openPostgres(url: string, opts: OpenOptions = {}): Promise<Sql> {
  const tls = postgresTls(url);
  const sql = postgres(tls.url, {
    ...(tls.ssl === undefined ? {} : { ssl: tls.ssl }),
    max: opts.max ?? 4,
    onnotice: () => {},
    connect_timeout: 10,
    // bigint comes back as bigint, never as a rounded number; timestamptz as the instant it holds
    // in every year (the driver's own parser reads "0001-01-01" as 2001); timestamp, which holds
    // UTC, as that instant and not the local time of this machine (the driver's parser reads it so).
    types: {
      bigint: postgres.BigInt,
      timestamptz: { to: 1184, from: [1184], serialize: (d: Date | string) => toPgTimestamp(new Date(d)), parse: fromPgTimestamp },
      timestamp: { to: 1114, from: [1114], serialize: (d: Date | string) => toPgTimestamp(new Date(d)), parse: fromPgTimestamp },
    },
    // The session in UTC, whatever the server's or the database's TimeZone: a Date parameter
    // (sent as timestamptz) compared with or cast to a timestamp column then means UTC too.
    // No JIT: a batch's statements are index probes whose estimated cost can pass
    // jit_above_cost all the same (the unchanged check's did, at 1000 ids), and compiling them
    // takes longer than running them.
    connection: { application_name: "nextcrm-migrate", TimeZone: "UTC", jit: "off" },
  }) as Sql;
  // connect_timeout bounds one connection's start; the first query has its own bound besides, in
  // case the driver connects again and again (postgres.js 3 did, to another service's port that
  // hangs up on the startup message, and the first query waited forever).
  let timer: NodeJS.Timeout | undefined;
  const silent = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no PostgreSQL answer within ${FIRST_ANSWER_S} s (is this port a PostgreSQL server's?)`)),
      FIRST_ANSWER_S * 1000,
    );
  });
  try {
    await Promise.race([sql`select 1`, silent]);
  } catch (e) {
    await sql.end({ timeout: 1 }).catch(() => {});
    throw unreachable("PostgreSQL", url, e);
  } finally {
    clearTimeout(timer);
  }
  return sql;
}
