// Throwaway servers for tests, the demo and benchmarks: start both, stop both.
import { startFerretdb, type MongoServer } from "./ferretdb.js";
import { startPostgres, type PostgresOptions, type PostgresServer } from "./postgres.js";

export { installFerretdb } from "./ferretdb.js";
export { installPostgres } from "./postgres.js";
export type { MongoServer, PostgresServer };

export interface DevServers {
  postgres: PostgresServer;
  mongo: MongoServer;
  stop(): Promise<void>;
}

export async function startServers(opts: PostgresOptions = {}): Promise<DevServers> {
  const [postgres, mongo] = await Promise.all([startPostgres(opts), startFerretdb()]);
  return {
    postgres,
    mongo,
    async stop() {
      await Promise.all([postgres.dispose(), mongo.dispose()]);
    },
  };
}
