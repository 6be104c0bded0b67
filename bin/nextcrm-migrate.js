#!/usr/bin/env node
// The package bin. It runs dist/, compiled from src/ when the package is packed and, in a clone,
// at `npm install` (startup in a third of the time and ~40 MB less memory than compiling on the
// fly). An installed package has no src/*.ts and runs dist/ with nothing else. In a clone, when
// src/ is newer than dist/ (edited, or pulled without reinstalling), it runs src/ through tsx (a
// devDependency, installed there) instead, so it never runs stale code.
import { existsSync, readdirSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const built = `${root}dist/cli.js`;
const sources = `${root}src`;

function distIsCurrent() {
  if (!existsSync(`${sources}/cli.ts`)) return true; // an installed package: dist/ is all there is
  if (!existsSync(built)) return false;
  const builtAt = statSync(built).mtimeMs;
  return readdirSync(sources, { recursive: true, withFileTypes: true })
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
