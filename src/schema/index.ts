// The target schema: the single definition drizzle-kit generates drizzle/ from.
export * from "./enums.js";
export * from "./system.js";
export * from "./crm.js";
export * from "./projects.js";
export * from "./documents.js";
export * from "./junctions.js";
export * from "./prisma.js";
export * from "./unmapped.js";
