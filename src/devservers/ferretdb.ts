// A throwaway FerretDB v1.24.2 (MongoDB wire protocol) on the SQLite backend, loopback only.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, openSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { connect } from "node:net";
import { execFileAsync, freePort, sleep, which } from "./exec.js";

export const FERRETDB_VERSION = "v1.24.2";
const MODULE = "github.com/FerretDB/FerretDB/cmd/ferretdb";

export interface MongoServer {
  /** URL without a database; append `/<db>`. */
  url: string;
  port: number;
  /** With `tls` started: the TLS listener's URL (add `?tls=true&tlsCAFile=...`), without a database. */
  tlsUrl?: string;
  dir: string;
  stop(): Promise<void>;
  /** Ends the server at once (SIGKILL), as a crash or a lost host would: clients see the connection drop. */
  kill(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and deletes its folder. */
  dispose(): Promise<void>;
}

async function goBin(): Promise<string> {
  const { stdout } = await execFileAsync("go", ["env", "GOBIN", "GOPATH"]);
  const [gobin, gopath] = stdout.split("\n");
  return gobin?.trim() || join(gopath?.trim() || join(homedir(), "go"), "bin");
}

/** A ferretdb that starts (`--version` exits 0), from FERRETDB_BIN, PATH or GOBIN. */
export async function ferretdbBinary(): Promise<string | undefined> {
  const candidates = [process.env.FERRETDB_BIN, which("ferretdb")];
  try {
    candidates.push(join(await goBin(), "ferretdb"));
  } catch {
    // no Go: only FERRETDB_BIN and PATH count
  }
  for (const c of candidates) {
    if (c && existsSync(c) && (await runs(c))) return c;
  }
  return undefined;
}

const runs = (bin: string) =>
  execFileAsync(bin, ["--version"]).then(
    () => true,
    () => false,
  );

/**
 * Builds FerretDB into GOBIN, as `go install` would. Plain `go install ...@v1.24.2` does not work
 * here: the module proxy refuses the version list it asks for, and a binary built from the module
 * cache panics at start because the release's build/version/version.txt is generated, not
 * shipped. So the tool is pinned in a scratch module, vendored, given its version.txt, and built.
 */
export async function installFerretdb(log: (s: string) => void = () => {}): Promise<string> {
  const found = await ferretdbBinary();
  if (found) return found;
  if (!which("go"))
    throw new Error("FerretDB not found and Go is missing; install Go, then rerun (it builds FerretDB from the Go module proxy).");
  log(`building FerretDB ${FERRETDB_VERSION} from the Go module proxy (a few minutes the first time)...`);
  const mod = join(tmpdir(), "nextcrm-ferretdb-build");
  await mkdir(mod, { recursive: true });
  const opts = { cwd: mod, maxBuffer: 1 << 26, env: { ...process.env, GOFLAGS: "-buildvcs=false" } };
  if (!existsSync(join(mod, "go.mod"))) await execFileAsync("go", ["mod", "init", "nextcrm-ferretdb-build"], opts);
  await execFileAsync("go", ["get", "-tool", `${MODULE}@${FERRETDB_VERSION}`], opts);
  await execFileAsync("go", ["mod", "vendor"], opts);
  await writeFile(join(mod, "vendor/github.com/FerretDB/FerretDB/build/version/version.txt"), `${FERRETDB_VERSION}\n`);
  const dest = join(await goBin(), "ferretdb");
  await mkdir(dirname(dest), { recursive: true });
  await execFileAsync("go", ["build", "-mod=vendor", "-o", dest, MODULE], opts);
  const bin = await ferretdbBinary();
  if (!bin) throw new Error(`go build finished but ${dest} does not run`);
  return bin;
}

function waitForPort(port: number, timeoutMs: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (child.exitCode !== null) return reject(new Error(`ferretdb exited with code ${child.exitCode}`));
      const sock = connect(port, "127.0.0.1");
      sock.once("connect", () => {
        sock.destroy();
        resolve();
      });
      sock.once("error", () => {
        sock.destroy();
        if (Date.now() > deadline) reject(new Error(`ferretdb did not listen on ${port} within ${timeoutMs} ms`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

export interface FerretdbOptions {
  /** Also listen with TLS, with this certificate and key (PEM files). */
  tls?: { certFile: string; keyFile: string };
}

export async function startFerretdb(opts: FerretdbOptions = {}): Promise<MongoServer> {
  const bin = await installFerretdb();
  const dir = await mkdtemp(join(tmpdir(), "nextcrm-ferretdb-"));
  const port = await freePort();
  const tlsPort = opts.tls ? await freePort() : undefined;
  const tlsArgs = opts.tls
    ? [`--listen-tls=127.0.0.1:${tlsPort}`, `--listen-tls-cert-file=${opts.tls.certFile}`, `--listen-tls-key-file=${opts.tls.keyFile}`]
    : [];
  let child: ChildProcess | undefined;
  const end = async (signal: NodeJS.Signals) => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((r) => c.once("exit", r));
    c.kill(signal);
    await Promise.race([exited, sleep(5000).then(() => c.kill("SIGKILL"))]);
  };
  const server: MongoServer = {
    url: `mongodb://127.0.0.1:${port}`,
    port,
    ...(tlsPort ? { tlsUrl: `mongodb://127.0.0.1:${tlsPort}` } : {}),
    dir,
    async start() {
      const log = openSync(join(dir, "ferretdb.log"), "a");
      child = spawn(
        bin,
        [
          "--handler=sqlite",
          `--sqlite-url=file:${dir}/`,
          `--listen-addr=127.0.0.1:${port}`,
          `--state-dir=${dir}`,
          "--telemetry=disable",
          "--debug-addr=-",
          "--log-level=warn",
          ...tlsArgs,
        ],
        { stdio: ["ignore", log, log] },
      );
      child.unref();
      await waitForPort(port, 30_000, child);
    },
    // SIGTERM lets FerretDB wait for its clients to disconnect; after 5 s it is killed.
    async stop() {
      await end("SIGTERM");
    },
    async kill() {
      await end("SIGKILL");
    },
    async dispose() {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}
