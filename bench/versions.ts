// Several versions of the tool (their checkouts, given as folders) migrate one seeded source, in
// turn, as users run them (each compiled first): the rows fingerprint of each result, which a
// change that must not change what the migration writes keeps at any scale, and each run's peak RSS.
// npx tsx bench/versions.ts <scale> <rounds> <checkout> [<checkout> ...]
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { startServers } from "../src/devservers/index.js";
import { seedDatabase } from "../src/seed/seed.js";
import { rowsFingerprint } from "../test/helpers/snapshots.js";
import { peakRssKb } from "./cpu.js";

const scale = Number(process.argv[2] ?? 100_000);
const rounds = Number(process.argv[3] ?? 1);
const checkouts = process.argv.slice(4);
const DIST = ".versions-dist";

const servers = await startServers({ durable: true });
const mongoUrl = `${servers.mongo.url}/bench`;
const admin = postgres(servers.postgres.url, { max: 1, onnotice: () => {} });
try {
  for (const root of checkouts) {
    execFileSync(
      process.execPath,
      [join(root, "node_modules/typescript/bin/tsc"), "-p", join(root, "tsconfig.build.json"), "--outDir", join(root, DIST)],
      {
        stdio: "inherit",
      },
    );
  }
  const t0 = Date.now();
  const seeded = await seedDatabase({ mongoUrl, mongoDb: "bench", scale, seed: 1, drop: true, quirks: true });
  console.log(`seeded ${seeded.total} in ${(Date.now() - t0) / 1000} s`);
  for (let round = 0; round < rounds; round++) {
    for (const [i, root] of checkouts.entries()) {
      const name = `versions_${i}`;
      await admin.unsafe(`drop database if exists ${name}`);
      await admin.unsafe(`create database ${name}`);
      const url = servers.postgres.url.replace(/\/postgres$/, `/${name}`);
      const cwd = mkdtempSync(join(tmpdir(), "nextcrm-versions-"));
      const cli = async (args: string[]) => {
        const child = spawn(process.execPath, [join(root, DIST, "cli.js"), ...args], { cwd, stdio: ["ignore", "ignore", "inherit"] });
        let kb = 0;
        const poll = setInterval(() => (kb = Math.max(kb, peakRssKb(child.pid!))), 50);
        const code = await new Promise<number | null>((r) => child.on("close", r));
        clearInterval(poll);
        // 1: finished with failed documents, which the seeded quirks make.
        if (code !== 0 && code !== 1) throw new Error(`${root}: ${args[0]} exited with ${code}`);
        return Math.round(kb / 1024);
      };
      await cli(["schema", "apply", "--postgres", url]);
      const started = Date.now();
      const rss = await cli(["migrate", "--mongo", mongoUrl, "--postgres", url]);
      const seconds = (Date.now() - started) / 1000;
      console.log(`round ${round} ${root}: rows fingerprint ${await rowsFingerprint(url)}, peak RSS ${rss} MB, ${seconds} s`);
    }
  }
} finally {
  await admin.end();
  await servers.stop();
}
