// The map's relation facts (src/map/relations.ts) against the map itself: a few known cases pinned,
// and every junction side's own column checked against the junction's two columns.
import { describe, expect, it } from "vitest";
import { collectionNamed, collections, junctions } from "../../src/map/collections.js";
import { withoutTodayRepairs } from "../../src/map/declare.js";
import {
  junctionPlace,
  junctionPlaces,
  junctionSides,
  REFERENCED_TABLES,
  referencedTables,
  tablesReadBy,
  tablesReferencedBy,
} from "../../src/map/relations.js";
import { STUB_OWNER, STUB_REFERRERS, STUB_TABLES, stubRow, stubTablesOf } from "../../src/map/stubs.js";

const collection = (name: string) => collectionNamed(name)!;
const junction = (name: string) => junctions.find((j) => j.name === name)!;

describe("what a collection references", () => {
  it("Sections.board references Boards", () => {
    expect(referencedTables(collection("Sections")).get("board")).toEqual(["Boards"]);
  });

  it("tasksComments.task references Tasks, and crm_Accounts_Tasks through its redirect", () => {
    expect(referencedTables(collection("tasksComments")).get("task")).toEqual(["Tasks", "crm_Accounts_Tasks"]);
    expect(tablesReferencedBy(collection("tasksComments"))).toEqual(expect.arrayContaining(["Tasks", "crm_Accounts_Tasks", "Users"]));
  });

  it("names each column with a foreign key, and only those, with its referenced table first", () => {
    for (const c of collections) {
      const byField = referencedTables(c);
      expect([...byField.keys()]).toEqual(c.columns.filter((f) => f.references).map((f) => f.field));
      for (const f of c.columns) if (f.references) expect(byField.get(f.field)![0]).toBe(f.references);
      expect(new Set(tablesReferencedBy(c))).toEqual(new Set([...byField.values()].flat()));
    }
  });

  it("gives a mapping without its today's repairs the facts of the map's", () => {
    const contacts = collection("crm_Contacts");
    expect(referencedTables(withoutTodayRepairs(contacts))).toBe(referencedTables(contacts));
    expect(junctionPlaces(withoutTodayRepairs(contacts))).toBe(junctionPlaces(contacts));
  });

  it("refuses a mapping that is not the map's", () => {
    expect(() => referencedTables({ ...collection("Tasks"), collection: "NotInTheMap" })).toThrow(/NotInTheMap/);
  });

  it("counts the far ends of junctions among the referenced tables", () => {
    for (const t of ["Boards", "Users", "Documents", "Invoices", "crm_Accounts_Tasks"]) expect(REFERENCED_TABLES).toContain(t);
    for (const j of junctions) for (const c of j.columns) expect(REFERENCED_TABLES).toContain(c.references);
  });
});

describe("where a junction field goes", () => {
  it("Documents.invoiceIDs: the document's own column is DocumentsToInvoices' first, document_id", () => {
    const place = junctionPlace("Documents", "invoiceIDs");
    expect(place).toMatchObject({ junction: "DocumentsToInvoices", selfFirst: true });
    expect(junction("DocumentsToInvoices").columns[0]!.name).toBe("document_id");
    expect(junctionPlace("Invoices", "connected_documents")).toMatchObject({ junction: "DocumentsToInvoices", selfFirst: false });
  });

  it("every side's own column is one of its junction's two columns, and the other column holds the array's ids", () => {
    for (const j of junctions) {
      const [c0, c1] = j.columns;
      expect(j.columns).toHaveLength(2);
      const sides = junctionSides(j);
      expect(sides).toHaveLength(j.sides.length);
      for (const [i, side] of j.sides.entries()) {
        const place = sides[i]!;
        expect(place).toMatchObject({ collection: side.collection, field: side.field.field, junction: j.name, side: i });
        const [own, other] = place.selfFirst ? [c0!, c1!] : [c1!, c0!];
        expect([c0!.name, c1!.name]).toContain(side.field.selfColumn);
        expect(side.field.selfColumn).toBe(own.name);
        expect(side.field.otherColumn).toBe(other.name);
        expect(other.references).toBe(side.field.references);
        expect(own.references).toBe(side.collection);
      }
    }
  });

  it("lists a collection's places in the order of its junction fields, as its junctions' sides have them", () => {
    for (const c of collections) {
      const places = junctionPlaces(c);
      expect(places.map((p) => p.field)).toEqual(c.junctions.map((f) => f.field));
      for (const p of places) {
        expect(junctionSides(junction(p.junction))[p.side]).toBe(p);
        expect(junctionPlace(c.collection, p.field)).toBe(p);
      }
    }
  });

  it("refuses a field that is no junction field", () => {
    expect(() => junctionPlace("Sections", "board")).toThrow(/Sections\.board/);
  });
});

describe("what a junction reads", () => {
  it("ContactsToOpportunities reads crm_Contacts and crm_Opportunities, each once", () => {
    expect([...tablesReadBy(junction("ContactsToOpportunities"))].sort()).toEqual(["crm_Contacts", "crm_Opportunities"]);
  });

  it("every junction reads the tables its columns reference and the collections of its sides", () => {
    for (const j of junctions) {
      const read = new Set(tablesReadBy(j));
      expect(read).toEqual(new Set([...j.columns.map((c) => c.references), ...j.sides.map((s) => s.collection)]));
      expect(read.size).toBe(tablesReadBy(j).length);
    }
  });
});

describe("the stub policy (src/map/stubs.ts)", () => {
  it("makes stub boards, needed while a section's board names them, owned by the rule's first user", () => {
    expect([...STUB_TABLES]).toEqual(["Boards"]);
    expect(STUB_REFERRERS.get("Boards")).toEqual([{ collection: "Sections", field: "board" }]);
    expect(stubTablesOf(collection("Sections"))).toEqual(["Boards"]);
    expect(stubTablesOf(collection("Tasks"))).toEqual([]);
    expect(STUB_OWNER.table).toBe("Users");
  });

  it("gives a stub board its id, owner, and the time inside the missing board's ObjectId", () => {
    const mongoId = "5f0c8a3e9b1d4c2a7e6f1234";
    const row = stubRow({ table: "Boards", id: "00000000-0000-5000-8000-000000000001", mongoId, referencedBy: "Sections.board" }, "owner");
    expect(row).toMatchObject({ id: "00000000-0000-5000-8000-000000000001", user: "owner", visibility: "private", __v: 0 });
    expect(row.createdAt).toBe(new Date(0x5f0c8a3e * 1000).toISOString());
    expect(stubRow({ table: "Boards", id: "x", mongoId: 'string:"b1"', referencedBy: "Sections.board" }, "owner").createdAt).toBeNull();
  });
});
