// Vitest global setup: real PostgreSQL and FerretDB for the whole run, unless the caller gives
// MONGODB_URL and POSTGRES_URL. A server that cannot start fails the run; nothing is skipped.
import type { TestProject } from "vitest/node";
import { startServers, type DevServers } from "../../src/devservers/index.js";

declare module "vitest" {
  export interface ProvidedContext {
    postgresUrl: string;
    /** Tests put their own database name in it (test/helpers/databases.ts). */
    mongoUrl: string;
  }
}

let servers: DevServers | undefined;

export async function setup(project: TestProject) {
  const pg = process.env.POSTGRES_URL;
  const mongo = process.env.MONGODB_URL;
  if (pg && mongo) {
    project.provide("postgresUrl", pg);
    project.provide("mongoUrl", mongo);
    return;
  }
  servers = await startServers();
  project.provide("postgresUrl", servers.postgres.url);
  project.provide("mongoUrl", servers.mongo.url);
}

export async function teardown() {
  await servers?.stop();
}
