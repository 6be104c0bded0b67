// A migration's peak RSS by each of several versions of the tool, alternated, on one seeded source.
// Each checkout is compiled first: `tsc -p tsconfig.build.json --outDir .rss-dist` in it.
// npx tsx bench/rss.ts <scale> <rounds> <checkout> [<checkout> ...]
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawn, execFileSync } from "node:child_process";
import postgres from "postgres";
import { startServers } from "../src/devservers/index.js";
import { seedDatabase } from "../src/seed/seed.js";

const scale = Number(process.argv[2] ?? 100_000);
const rounds = Number(process.argv[3] ?? 2);
const roots = process.argv.slice(4);
const servers = await startServers({ durable: true });
const mongoUrl = `${servers.mongo.url}/bench`;
const admin = postgres(servers.postgres.url, { max: 1, onnotice: () => {} });
try {
  await seedDatabase({ mongoUrl, mongoDb: "bench", scale, seed: 1, drop: true, quirks: true });
  for (let r = 0; r < rounds; r++) {
    for (const [i, root] of roots.entries()) {
      const name = `rss${i}`;
      await admin.unsafe(`drop database if exists ${name}`);
      await admin.unsafe(`create database ${name}`);
      const url = servers.postgres.url.replace(/\/postgres$/, `/${name}`);
      const cwd = mkdtempSync(join(tmpdir(), "rss-"));
      execFileSync(join(root, "node_modules/.bin/tsx"), [join(root, "src/cli.ts"), "schema", "apply", "--postgres", url], {
        cwd,
        stdio: "ignore",
      });
      const t0 = Date.now();
      // The compiled CLI of each version (tsc into a scratch dist), as users run it.
      const child = spawn(process.execPath, [join(root, ".rss-dist/cli.js"), "migrate", "--mongo", mongoUrl, "--postgres", url], {
        cwd,
        stdio: "ignore",
      });
      let hwm = 0;
      const poll = setInterval(() => {
        try {
          const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
          if (m) hwm = Math.max(hwm, Number(m[1]));
        } catch {}
      }, 50);
      await new Promise((res) => child.on("close", res));
      clearInterval(poll);
      console.log(`round ${r} ${root}: peak RSS ${Math.round(hwm / 1024)} MB, ${(Date.now() - t0) / 1000} s`);
    }
  }
} finally {
  await admin.end();
  await servers.stop();
}
