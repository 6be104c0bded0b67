import { defineConfig } from "drizzle-kit";

// Generation only: `schema apply` runs the generated SQL itself (with extensions and a lock).
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/schema/index.ts",
  out: "./drizzle",
});
