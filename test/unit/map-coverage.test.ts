// The collection map accounts for every field of NextCRM's source schema, and agrees with it.
import { readFileSync } from "node:fs";
import { getTableConfig } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import { collectionNamed, collections, junctions } from "../../src/map/collections.js";

interface SourceField {
  name: string;
  column: string;
  type: string;
  list: boolean;
  optional: boolean;
  objectId?: boolean;
  references?: string;
  default?: string;
  id?: boolean;
}
const source = JSON.parse(readFileSync(new URL("../fixtures/source-schema.json", import.meta.url), "utf8")) as {
  enums: Record<string, string[]>;
  models: Record<string, SourceField[]>;
};

const relationAdded = new Map([["Sections.board", "Boards"]]);

describe("the collection map", () => {
  it("covers all 29 collections and all 409 source fields, and nothing else", () => {
    const models = Object.keys(source.models);
    expect(models).toHaveLength(29);
    expect(collections.map((c) => c.collection).sort()).toEqual([...models].sort());
    let count = 0;
    for (const [model, fields] of Object.entries(source.models)) {
      const mapped = collectionNamed(model)!;
      const keys = new Set(["_id", ...mapped.fields.map((f) => f.field)]);
      for (const f of fields) {
        expect(keys.has(f.column), `${model}.${f.column} is not in the map`).toBe(true);
        count++;
      }
      const sourceKeys = new Set(fields.map((f) => f.column));
      for (const key of keys) expect(sourceKeys.has(key), `${model}.${key} is in the map but not in the source`).toBe(true);
    }
    expect(count).toBe(409);
  });

  it("names only columns that the Drizzle tables have", () => {
    for (const c of collections) {
      const names = new Set(getTableConfig(c.table).columns.map((col) => col.name));
      for (const f of c.columns) expect(names.has(f.field), `${c.collection}.${f.field}`).toBe(true);
    }
    for (const j of junctions) {
      const names = new Set(getTableConfig(j.table).columns.map((col) => col.name));
      for (const side of j.sides) {
        expect(names.has(side.field.selfColumn)).toBe(true);
        expect(names.has(side.field.otherColumn)).toBe(true);
      }
    }
  });

  it("keeps every source type and reference", () => {
    for (const [model, fields] of Object.entries(source.models)) {
      const mapped = collectionNamed(model)!;
      for (const f of fields) {
        if (f.id) continue;
        const where = `${model}.${f.column}`;
        const m = mapped.fields.find((x) => x.field === f.column)!;
        if (f.list && f.objectId && f.references) {
          expect(m.kind, where).toBe("junction");
          if (m.kind === "junction") expect(m.references, where).toBe(f.references);
          continue;
        }
        expect(m.kind, where).toBe("column");
        if (m.kind !== "column") continue;
        const expected = f.type.startsWith("enum:")
          ? "enum"
          : f.objectId
            ? f.list
              ? "objectIdArray"
              : "objectId"
            : { String: f.list ? "stringArray" : "string", Int: "int", Boolean: "boolean", DateTime: "date", Json: "json" }[f.type];
        expect(m.conversion, where).toBe(expected);
        if (m.conversion === "enum") expect(m.enumValues, where).toEqual(source.enums[f.type.slice(5)]);
        expect(m.references, where).toBe(f.references ?? relationAdded.get(where));
        const relaxed = m.sourceRequired && !m.required;
        if (relaxed) expect(f.optional, `${where} is relaxed but Prisma does not require it`).toBe(false);
        expect(m.required, where).toBe(!f.optional && !f.list && !relaxed);
      }
    }
  });

  it("has the ten junctions of the release schema, nine fed from both sides", () => {
    expect(junctions).toHaveLength(10);
    expect(junctions.filter((j) => j.sides.length === 2)).toHaveLength(9);
    expect(junctions.find((j) => j.sides.length === 1)?.name).toBe("DocumentsToCrmAccountsTasks");
  });

  it("derives the repairs of docs/ARCHITECTURE.md from the schema", () => {
    const comments = collectionNamed("tasksComments")!.columns;
    const task = comments.find((f) => f.field === "task")!;
    expect(task.repairs.map((r) => r.kind)).toEqual(["emptyToNull", "danglingToNull", "redirect"]);
    const createdAt = comments.find((f) => f.field === "createdAt")!;
    expect(createdAt.repairs).toEqual([{ kind: "missingToDefault", value: { objectIdTime: true } }]);
    const budget = collectionNamed("crm_Opportunities")!.columns.find((f) => f.field === "budget")!;
    expect(budget.repairs).toEqual([{ kind: "missingToDefault", value: { literal: 0 } }]);
    const user = collectionNamed("Boards")!.columns.find((f) => f.field === "user")!;
    expect(user.repairs).toEqual([]);
    // mongoose's version key becomes 0 wherever the release requires it, with or without a default.
    for (const c of collections) {
      const v = c.columns.find((f) => f.field === "__v");
      if (v) expect(v.repairs, c.collection).toEqual(v.required ? [{ kind: "missingVersion" }] : []);
    }
    const board = collectionNamed("Sections")!.columns.find((f) => f.field === "board")!;
    expect(board).toMatchObject({ required: true, references: "Boards", repairs: [{ kind: "stub", table: "Boards" }] });
  });
});
