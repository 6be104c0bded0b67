// The postgres.js patch (patches/) must be applied: without it a connection that closes with a
// write pending throws from an Immediate and ends the migrator mid-batch (porsager/postgres#1208),
// and a COPY the server rejects after its last row would never settle (src/postgres/copyText.ts);
// without Nagle's algorithm off, every small COPY waited about 40 ms for the server's delayed ACK.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

describe("patched dependencies", () => {
  it("postgres.js guards a write on a closed socket (ESM and CommonJS builds)", () => {
    const root = fileURLToPath(new URL("../../node_modules/postgres/", import.meta.url));
    for (const file of ["src/connection.js", "cjs/src/connection.js"]) {
      expect(readFileSync(join(root, file), "utf8"), file).toContain("nextcrm-migrate patch (porsager/postgres#1154, #1208)");
    }
  });

  it("postgres.js fails a COPY stream the server rejects at its end (ESM and CommonJS builds)", () => {
    const root = fileURLToPath(new URL("../../node_modules/postgres/", import.meta.url));
    for (const file of ["src/connection.js", "cjs/src/connection.js"]) {
      expect(readFileSync(join(root, file), "utf8"), file).toContain("final && (final(err), final = null)");
    }
  });

  it("postgres.js turns Nagle's algorithm off on its sockets (ESM and CommonJS builds)", () => {
    const root = fileURLToPath(new URL("../../node_modules/postgres/", import.meta.url));
    for (const file of ["src/connection.js", "cjs/src/connection.js"]) {
      expect(readFileSync(join(root, file), "utf8"), file).toContain("x.setNoDelay && x.setNoDelay(true)");
    }
  });
});
