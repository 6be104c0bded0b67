// Turns flags and environment into the two connection URLs; never lets a password reach output.
import { readFileSync } from "node:fs";
import type { ConnectionOptions } from "node:tls";
import { MigrateError } from "./errors.js";
import { maskUrl } from "./mask.js";

const MONGO_SCHEMES = ["mongodb:", "mongodb+srv:"];
const POSTGRES_SCHEMES = ["postgres:", "postgresql:"];

function parse(url: string, schemes: string[], what: string, flag: string, env: string): URL {
  // A URL ends at white space wherever it is printed, so a password holding some could not be
  // masked (src/mask.ts); the drivers would take it, the URL standard does not.
  const at = url.lastIndexOf("@");
  const secrets = (at >= 0 ? url.slice(0, at) : "") + (/[?&](?:ssl)?password=([^&]*)/i.exec(url)?.[1] ?? "");
  if (/\s/.test(secrets)) {
    throw new MigrateError(
      "BAD_URL",
      `${what} URL holds white space in its user or password; percent-encode it (a space is %20) in ${flag} or ${env}.`,
    );
  }
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new MigrateError(
      "BAD_URL",
      `${what} URL is malformed (${maskUrl(url)}); pass a URL like ${schemes[0]}//user:password@host:port/db with ${flag} or ${env}.`,
    );
  }
  if (!schemes.includes(u.protocol)) {
    throw new MigrateError(
      "BAD_URL",
      `${what} URL must start with ${schemes.map((s) => s + "//").join(" or ")}, got ${u.protocol}//; check ${flag} or ${env}.`,
    );
  }
  try {
    for (const part of [u.username, u.password, u.pathname]) decodeURIComponent(part);
  } catch {
    throw new MigrateError(
      "BAD_URL",
      `${what} URL has a % that is not followed by two hex digits (${maskUrl(url)}); write a % in the user, password or database name as %25, in ${flag} or ${env}.`,
    );
  }
  return u;
}

const fromDatabaseUrl = (env: NodeJS.ProcessEnv, schemes: string[]) => {
  const url = env.DATABASE_URL?.trim();
  return url && schemes.some((s) => url.toLowerCase().startsWith(s)) ? url : undefined;
};

/** `--mongo` wins over MONGODB_URL, which wins over a mongodb:// DATABASE_URL. */
export function mongoFrom(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): { mongoUrl: string; mongoDb: string } {
  const mongoUrl = flag?.trim() ?? (env.MONGODB_URL?.trim() || fromDatabaseUrl(env, MONGO_SCHEMES));
  if (!mongoUrl) {
    throw new MigrateError("MISSING_URL", "No MongoDB URL: set MONGODB_URL or pass --mongo mongodb://host:27017/nextcrm.");
  }
  const u = parse(mongoUrl, MONGO_SCHEMES, "MongoDB", "--mongo", "MONGODB_URL");
  const mongoDb = decodeURIComponent(u.pathname.replace(/^\//, ""));
  if (!mongoDb) {
    throw new MigrateError(
      "BAD_URL",
      `MongoDB URL names no database (${maskUrl(mongoUrl)}); add it to the path, e.g. mongodb://host:27017/nextcrm.`,
    );
  }
  return { mongoUrl, mongoDb };
}

/** `--postgres` wins over POSTGRES_URL, which wins over a postgres:// DATABASE_URL. */
export function postgresFrom(flag: string | undefined, env?: NodeJS.ProcessEnv): string;
/** `optional`: undefined when no URL is given anywhere (a dry run needs none). */
export function postgresFrom(flag: string | undefined, env: NodeJS.ProcessEnv, o: { optional: true }): string | undefined;
export function postgresFrom(flag: string | undefined, env: NodeJS.ProcessEnv = process.env, o?: { optional: true }): string | undefined {
  const postgresUrl = flag?.trim() ?? (env.POSTGRES_URL?.trim() || fromDatabaseUrl(env, POSTGRES_SCHEMES));
  if (!postgresUrl && o?.optional) return undefined;
  if (!postgresUrl) {
    throw new MigrateError(
      "MISSING_URL",
      "No PostgreSQL URL: set POSTGRES_URL or pass --postgres postgres://user:password@host:5432/nextcrm.",
    );
  }
  parse(postgresUrl, POSTGRES_SCHEMES, "PostgreSQL", "--postgres", "POSTGRES_URL");
  return postgresUrl;
}

/** libpq's TLS parameters that name files; postgres.js would send them to the server as settings. */
const TLS_FILES = { sslrootcert: "ca", sslcert: "cert", sslkey: "key" } as const;

/**
 * A PostgreSQL URL's TLS parameters read as libpq reads them, for postgres.js, which by itself
 * understands only `sslmode` and `sslrootcert=system`: `sslrootcert=FILE` is the CA to trust,
 * `sslcert=FILE` and `sslkey=FILE` a client certificate. `verify-full` checks the chain and the
 * host name, `verify-ca` the chain only, `require` neither unless a CA file is given (then it is
 * `verify-ca`, as in libpq). Returns the URL without the parameters it consumed, and the TLS
 * options for the driver (undefined: leave it to postgres.js).
 */
export function postgresTls(url: string): { url: string; ssl?: ConnectionOptions | false } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { url }; // multi-host and other forms postgres.js parses itself
  }
  const q = u.searchParams;
  const files = Object.entries(TLS_FILES).flatMap(([param, option]) => {
    const file = q.get(param);
    return file && file !== "system" ? [{ param, option, file }] : [];
  });
  const mode = q.get("sslmode");
  if (!files.length && mode !== "verify-ca") return { url };
  for (const f of files) q.delete(f.param);
  q.delete("sslmode");
  if (mode === "disable") return { url: u.toString(), ssl: false };
  const ssl: ConnectionOptions = {};
  for (const { param, option, file } of files) {
    try {
      ssl[option] = readFileSync(file);
    } catch (e) {
      throw new MigrateError(
        "BAD_URL",
        `cannot read ${param}=${file} of the PostgreSQL URL (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); fix the path in --postgres or POSTGRES_URL.`,
      );
    }
  }
  if (mode === "verify-ca" || (mode !== "verify-full" && ssl.ca)) ssl.checkServerIdentity = () => undefined;
  else if (mode !== "verify-full") ssl.rejectUnauthorized = false;
  return { url: u.toString(), ssl };
}
