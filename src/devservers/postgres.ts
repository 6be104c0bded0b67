// A throwaway PostgreSQL cluster from Debian's packages: initdb in a temporary folder, loopback only.
import { existsSync, readdirSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { execFileAsync, freePort, isRoot, which } from "./exec.js";

export interface PostgresServer {
  url: string;
  port: number;
  dir: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and deletes its folder. */
  dispose(): Promise<void>;
}

/** Newest installed server binaries, e.g. /usr/lib/postgresql/15/bin. */
export function postgresBinDir(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (existsSync(root)) {
    const versions = readdirSync(root).filter((v) => existsSync(join(root, v, "bin", "initdb")));
    versions.sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(root, versions[0], "bin");
  }
  const initdb = which("initdb");
  return initdb ? initdb.replace(/\/initdb$/, "") : undefined;
}

export async function installPostgres(log: (s: string) => void = () => {}): Promise<string> {
  const found = postgresBinDir();
  if (found) return found;
  if (!isRoot()) throw new Error("PostgreSQL server binaries not found; install them: sudo apt-get install -y postgresql");
  log("installing PostgreSQL from Debian's packages (apt-get)...");
  await execFileAsync("apt-get", ["update", "-qq"], { maxBuffer: 1 << 26 });
  await execFileAsync("apt-get", ["install", "-y", "-qq", "postgresql", "postgresql-contrib"], {
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    maxBuffer: 1 << 26,
  });
  const bin = postgresBinDir();
  if (!bin) throw new Error("apt-get installed postgresql but no initdb was found under /usr/lib/postgresql");
  return bin;
}

/** initdb refuses to run as root; Debian's package creates the `postgres` user for this. */
function asOwner(bin: string, args: string[]): [string, string[]] {
  return isRoot() ? ["runuser", ["-u", "postgres", "--", bin, ...args]] : [bin, args];
}

export interface PostgresOptions {
  /** Durable settings (fsync on) for benchmarks; tests run faster without fsync. */
  durable?: boolean;
}

export async function startPostgres(opts: PostgresOptions = {}): Promise<PostgresServer> {
  const bin = await installPostgres();
  const dir = await mkdtemp(join(tmpdir(), "nextcrm-pg-"));
  const data = join(dir, "data");
  const password = randomBytes(12).toString("hex");
  const pwfile = join(dir, "pw");
  await writeFile(pwfile, password + "\n", { mode: 0o600 });
  if (isRoot()) {
    await execFileAsync("chown", ["-R", "postgres:postgres", dir]);
  }
  const [cmd, args] = asOwner(join(bin, "initdb"), [
    "-D",
    data,
    "-U",
    "postgres",
    "--auth=scram-sha-256",
    `--pwfile=${pwfile}`,
    "-E",
    "UTF8",
    "--locale=C.UTF-8",
  ]);
  await execFileAsync(cmd, args, { maxBuffer: 1 << 24 });
  await rm(pwfile, { force: true });
  const port = await freePort();
  const settings = [
    `-p ${port}`,
    "-c listen_addresses=127.0.0.1",
    `-k ${dir}`,
    "-c max_connections=100",
    "-c shared_buffers=256MB",
    "-c max_wal_size=2GB",
    ...(opts.durable ? [] : ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]),
  ].join(" ");
  const pgctl = (action: string[]) => {
    const [c, a] = asOwner(join(bin, "pg_ctl"), ["-D", data, ...action]);
    return execFileAsync(c, a, { maxBuffer: 1 << 24 });
  };
  const server: PostgresServer = {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    port,
    dir,
    async start() {
      await pgctl(["-o", settings, "-l", join(dir, "server.log"), "-w", "-t", "60", "start"]);
    },
    async stop() {
      await pgctl(["-m", "fast", "-w", "stop"]).catch(() => undefined);
    },
    async dispose() {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}
