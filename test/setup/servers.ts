// Vitest global setup: real PostgreSQL and FerretDB for the whole run, unless the caller gives
// MONGODB_URL and POSTGRES_URL. A server that cannot start fails the run; nothing is skipped.
// The schema is applied once, into a template database that tests clone (CREATE DATABASE ...
// TEMPLATE) instead of applying it again for every target.
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { startServers, type DevServers } from "../../src/devservers/index.js";
import { openPostgres } from "../../src/postgres/connect.js";
import { applySchema } from "../../src/postgres/schemaApply.js";

declare module "vitest" {
  export interface ProvidedContext {
    postgresUrl: string;
    /** Tests put their own database name in it (test/helpers/databases.ts). */
    mongoUrl: string;
    /** A database with the schema applied, which nobody connects to: clone it. */
    templateDb: string;
  }
}

let servers: DevServers | undefined;
let dropTemplate: (() => Promise<void>) | undefined;

export async function setup(project: TestProject) {
  let pg = process.env.POSTGRES_URL;
  let mongo = process.env.MONGODB_URL;
  if (!pg || !mongo) {
    servers = await startServers();
    pg = servers.postgres.url;
    mongo = servers.mongo.url;
  }
  project.provide("postgresUrl", pg);
  project.provide("mongoUrl", mongo);
  project.provide("templateDb", await makeTemplate(pg));
}

async function makeTemplate(url: string): Promise<string> {
  const name = `nextcrm_template_${process.pid}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists "${name}"`);
  await admin.unsafe(`create database "${name}"`);
  const at = new URL(url);
  at.pathname = `/${name}`;
  const sql = await openPostgres(at.toString(), { max: 1 });
  await applySchema(sql);
  await sql.end();
  // A template with a session open cannot be cloned; none can open one now.
  await admin.unsafe(`alter database "${name}" with allow_connections false`);
  await admin.end();
  dropTemplate = async () => {
    const a = postgres(url, { max: 1, onnotice: () => {} });
    await a.unsafe(`drop database if exists "${name}"`);
    await a.end();
  };
  return name;
}

export async function teardown() {
  await dropTemplate?.();
  await servers?.stop();
}
