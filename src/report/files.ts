// The files the tool writes hold document data and failure details: each is its owner's alone
// (0600, also when an older file was there), and a folder that cannot take one is said up front.
import { accessSync, chmodSync, constants, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { MigrateError } from "../errors.js";

/** Refuses, before anything is written anywhere, an output path whose folder cannot take files. */
export function assertWritable(path: string, flag: string): string {
  const dir = dirname(path);
  let why: string | undefined;
  try {
    if (!statSync(dir).isDirectory()) why = "is not a folder";
    else accessSync(dir, constants.W_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    why =
      code === "ENOENT" ? "does not exist" : code === "ENOTDIR" ? "is not a folder" : `is not writable (${code ?? (e as Error).message})`;
  }
  if (why)
    throw new MigrateError(
      "IO",
      `cannot write ${path}: the folder ${dir} ${why}. Nothing was written; pass ${flag} with a path in a writable folder, or fix the folder, then rerun.`,
    );
  return path;
}

/** Writes a whole report file, mode 0600. */
export function writePrivateFile(path: string, text: string, what: string): void {
  try {
    writeFileSync(path, text, { mode: 0o600 });
    chmodSync(path, 0o600);
  } catch (e) {
    throw new MigrateError("IO", `cannot write the ${what} ${path}: ${(e as Error).message}; free space or fix the folder, then rerun.`);
  }
}
