// A table's read against the real source: batches of exactly the batch size in `_id` order,
// whether or not the next reply is asked for ahead, and however many replies a batch takes; and
// documents read as bytes, decoded as the driver decodes them. The validator's scan: every document once.
import { Binary, BSONRegExp, Long, MongoClient, ObjectId, type Document } from "mongodb";
import { describe, expect, it } from "vitest";
import { decode } from "../../src/mongo/raw.js";
import { batchesOf, encodeId, findRaw, openRead, openScan, READ_OPTIONS } from "../../src/mongo/read.js";
import { freshMongo } from "../helpers/databases.js";

async function readAll(db: ReturnType<MongoClient["db"]>, after: string | null, size: number, ahead: boolean): Promise<Document[][]> {
  const read = openRead(db, "things", after, size, ahead);
  const out: Document[][] = [];
  try {
    for await (const batch of read.batches) out.push(batch);
  } finally {
    await read.close();
  }
  return out;
}

describe("openRead", () => {
  it("yields full batches in _id order, ahead or not, from the start and from a resume point", async () => {
    const client = await MongoClient.connect(freshMongo());
    try {
      const db = client.db();
      const ids = Array.from({ length: 2500 }, () => new ObjectId()).sort((a, b) => a.toHexString().localeCompare(b.toHexString()));
      await db.collection("things").insertMany([...ids].reverse().map((_id, n) => ({ _id, n })));
      for (const ahead of [true, false]) {
        const all = await readAll(db, null, 1000, ahead);
        expect(all.map((b) => b.length)).toEqual([1000, 1000, 500]);
        expect(all.flat().map((d) => d._id.toHexString())).toEqual(ids.map((i) => i.toHexString()));
        const resumed = await readAll(db, encodeId(ids[999]), 1000, ahead);
        expect(resumed.map((b) => b.length)).toEqual([1000, 500]);
        expect(resumed.flat()[0]!._id.toHexString()).toBe(ids[1000]!.toHexString());
      }
    } finally {
      await client.close();
    }
  });

  it("fills a batch from several replies (MongoDB cuts replies at 16 MiB)", async () => {
    const client = await MongoClient.connect(freshMongo());
    try {
      const db = client.db();
      await db.collection("things").insertMany(Array.from({ length: 2500 }, (_, n) => ({ n })));
      for (const ahead of [true, false]) {
        // FerretDB never cuts a reply short, so replies of 300 stand in for the cut ones.
        const cursor = db.collection("things").find({}, { sort: { _id: 1 }, batchSize: 300 });
        const all: Document[][] = [];
        for await (const batch of batchesOf(cursor, 1000, ahead)) all.push(batch);
        expect(all.map((b) => b.length)).toEqual([1000, 1000, 500]);
        expect(all.flat().map((d) => d.n)).toEqual(Array.from({ length: 2500 }, (_, n) => n));
      }
    } finally {
      await client.close();
    }
  });
});

describe("openScan", () => {
  it("yields every document once, in full batches, in the server's order", async () => {
    const client = await MongoClient.connect(freshMongo());
    try {
      const db = client.db();
      const ids = Array.from({ length: 2500 }, () => new ObjectId());
      await db.collection("things").insertMany(ids.map((_id, n) => ({ _id, n })));
      const read = openScan(db, "things", 1000);
      const all: Document[][] = [];
      try {
        for await (const batch of read.batches) all.push(batch);
      } finally {
        await read.close();
      }
      expect(all.map((b) => b.length)).toEqual([1000, 1000, 500]);
      expect(
        all
          .flat()
          .map((d) => d.n as number)
          .sort((a, b) => a - b),
      ).toEqual(Array.from({ length: 2500 }, (_, n) => n));
    } finally {
      await client.close();
    }
  });
});

describe("documents read as their bytes", () => {
  it("decode as the driver decodes them, whatever the _id and the values", async () => {
    const client = await MongoClient.connect(freshMongo());
    try {
      const coll = client.db().collection("things");
      const values = [
        [new ObjectId(), new ObjectId()],
        ["5f1d7c2e9b1e8a3d4c5b6a79", null, 7],
        [{ nested: [1, "x"] }],
        [],
        [Long.fromString("9007199254740993"), new Date(Date.UTC(1, 0, 1)), new BSONRegExp("^a", "is"), new Binary(Buffer.from([1, 2]), 4)],
        "not an array",
        null,
        { an: "object" },
      ];
      const docs: Document[] = values.map((v, i) => ({
        _id: i % 3 === 0 ? new ObjectId() : i % 3 === 1 ? `id-${i}` : { k: i },
        name: `é ${i}`,
        big: Long.fromNumber(2 ** 53 + i),
        ids: v,
        other: v,
        later: i,
      }));
      await coll.insertMany(docs);
      const driver = await coll.find({}, { ...READ_OPTIONS, sort: { later: 1 } }).toArray();
      const raw = await findRaw(
        client.db(),
        "things",
        docs.map((d) => d._id),
      );
      expect(raw).toHaveLength(docs.length);
      for (const d of driver) {
        const r = raw.find((x) => encodeId(x.id) === encodeId(d._id))!;
        expect(decode(r.bytes)).toEqual(d);
      }
    } finally {
      await client.close();
    }
  });
});
