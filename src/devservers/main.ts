// `npm run servers -- install|start`: install the throwaway servers' software, or run a pair
// until Ctrl+C and print their URLs (for trying the tool without databases of your own).
import { installFerretdb, installPostgres, startServers } from "./index.js";

const command = process.argv[2] ?? "start";
const log = (s: string) => console.log(s);

if (command === "install") {
  const pg = await installPostgres(log);
  const ferret = await installFerretdb(log);
  console.log(`PostgreSQL binaries: ${pg}\nFerretDB: ${ferret}`);
} else if (command === "start") {
  const servers = await startServers();
  console.log(
    `POSTGRES_URL=${servers.postgres.url}\nMONGODB_URL=${servers.mongo.url}/nextcrm\n(Ctrl+C stops both and deletes nothing but their temporary folders' use)`,
  );
  const stop = async () => {
    await servers.stop();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  setInterval(() => {}, 1 << 30);
} else {
  console.error(`unknown command "${command}": use install or start`);
  process.exit(2);
}
