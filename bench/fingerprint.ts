// The rows fingerprint of a migration by each of several versions of the tool (their checkouts,
// given as folders), on one seeded source: "nothing the migration writes changed", at any scale.
// npx tsx bench/fingerprint.ts <scale> <checkout> [<checkout> ...]
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import postgres from "postgres";
import { startServers } from "../src/devservers/index.js";
import { seedDatabase } from "../src/seed/seed.js";
import { tableHashes } from "../test/helpers/snapshots.js";

const scale = Number(process.argv[2] ?? 1_000_000);
const roots = process.argv.slice(3);
const servers = await startServers({ durable: true });
const mongoUrl = `${servers.mongo.url}/bench`;
const admin = postgres(servers.postgres.url, { max: 1, onnotice: () => {} });
try {
  let t0 = Date.now();
  const seeded = await seedDatabase({ mongoUrl, mongoDb: "bench", scale, seed: 1, drop: true, quirks: true });
  console.log(`seeded ${seeded.total} in ${(Date.now() - t0) / 1000} s`);
  for (const [i, root] of roots.entries()) {
    const name = `fp${i}`;
    await admin.unsafe(`drop database if exists ${name}`);
    await admin.unsafe(`create database ${name}`);
    const url = servers.postgres.url.replace(/\/postgres$/, `/${name}`);
    const cwd = mkdtempSync(join(tmpdir(), "fp-"));
    const cli = (args: string[]) => {
      try {
        execFileSync(join(root, "node_modules/.bin/tsx"), [join(root, "src/cli.ts"), ...args], {
          cwd,
          stdio: ["ignore", "ignore", "inherit"],
        });
      } catch (e) {
        if ((e as { status?: number }).status !== 1) throw e;
      }
    };
    t0 = Date.now();
    cli(["schema", "apply", "--postgres", url]);
    cli(["migrate", "--mongo", mongoUrl, "--postgres", url]);
    const hashes = await tableHashes(url);
    const fp = createHash("sha256")
      .update(JSON.stringify(Object.entries(hashes).sort()))
      .digest("hex");
    console.log(`${root}: rows fingerprint ${fp} (${(Date.now() - t0) / 1000} s)`);
  }
} finally {
  await admin.end();
  await servers.stop();
}
