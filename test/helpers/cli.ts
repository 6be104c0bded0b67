// Runs the real command line in a child process, as a user would.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** tsx's loader by absolute URL: the child may run in a scratch folder with no node_modules. */
const TSX = pathToFileURL(join(ROOT, "node_modules/tsx/dist/loader.mjs")).href;

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunningCli {
  child: ChildProcess;
  /** Resolves once stdout has shown `text` (or rejects if the process ends first). */
  waitFor(text: string | RegExp): Promise<void>;
  done: Promise<CliResult>;
}

/** A scratch working directory: where the checkpoint, logs and reports land. */
export const workdir = () => mkdtempSync(join(tmpdir(), "nextcrm-run-"));

/** `nextcrm-migrate ...args`; connection variables come only from `env` (the test's own). */
export function startCli(args: string[], env: Record<string, string | undefined> = {}, cwd = ROOT): RunningCli {
  const clean = { ...process.env };
  for (const k of ["MONGODB_URL", "POSTGRES_URL", "DATABASE_URL"]) delete clean[k];
  const child = spawn(process.execPath, ["--import", TSX, join(ROOT, "src/cli.ts"), ...args], {
    cwd,
    env: { ...clean, ...env, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const waiters: { match: string | RegExp; resolve(): void }[] = [];
  const matches = (m: string | RegExp) => (typeof m === "string" ? stdout.includes(m) : m.test(stdout));
  child.stdout!.on("data", (d) => {
    stdout += d;
    for (const w of waiters.splice(0)) matches(w.match) ? w.resolve() : waiters.push(w);
  });
  child.stderr!.on("data", (d) => (stderr += d));
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return {
    child,
    done,
    waitFor: (match) =>
      matches(match)
        ? Promise.resolve()
        : new Promise<void>((resolve, reject) => {
            waiters.push({ match, resolve });
            done.then((r) => reject(new Error(`process ended (code ${r.code}) before printing ${match}:\n${r.stdout}\n${r.stderr}`)));
          }),
  };
}

export const runCli = (args: string[], env: Record<string, string | undefined> = {}, cwd = ROOT): Promise<CliResult> =>
  startCli(args, env, cwd).done;
