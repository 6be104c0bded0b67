#!/usr/bin/env node
// The package bin: runs the TypeScript CLI through tsx, so no build step stands between a
// clone and a run.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli.ts");
process.exit(await main(process.argv.slice(2)));
