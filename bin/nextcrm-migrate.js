#!/usr/bin/env node
// The package bin. It runs dist/, compiled from src/ at `npm install` (startup in a third of the
// time and ~40 MB less memory than compiling on the fly); when src/ is newer than dist/ (edited,
// or pulled without reinstalling) it runs src/ through tsx instead, so it never runs stale code.
import { existsSync, readdirSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const built = `${root}dist/cli.js`;

function distIsCurrent() {
  if (!existsSync(built)) return false;
  const builtAt = statSync(built).mtimeMs;
  return readdirSync(`${root}src`, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .every((e) => statSync(`${e.parentPath ?? e.path}/${e.name}`).mtimeMs <= builtAt);
}

let main;
if (distIsCurrent()) {
  ({ main } = await import(built));
} else {
  const { register } = await import("tsx/esm/api");
  register();
  ({ main } = await import("../src/cli.ts"));
}
process.exit(await main(process.argv.slice(2)));
