// The resume filter asks for every BSON type that sorts after the cursor's, including for the
// types FerretDB has no $type alias for: otherwise a resume re-reads or skips documents.
import { Decimal128, MaxKey, MinKey, ObjectId } from "mongodb";
import { describe, expect, it } from "vitest";
import { afterFilter } from "../../src/mongo/read.js";

const laterTypes = (cursor: unknown) => (afterFilter(cursor) as { $or?: [unknown, { _id: { $type: string[] } }] }).$or?.[1]._id.$type ?? [];

describe("the resume filter", () => {
  it("after a number, asks for strings and everything later, but not numbers again", () => {
    expect(laterTypes(42)).toEqual(["string", "object", "array", "binData", "objectId", "bool", "date", "timestamp", "regex"]);
  });

  it("places Decimal128 with the numbers, MinKey first and MaxKey last", () => {
    expect(laterTypes(Decimal128.fromString("1.5"))).toEqual(laterTypes(42));
    expect(laterTypes(new MinKey())).toEqual(laterTypes(null));
    expect(laterTypes(new MaxKey())).toEqual([]);
  });

  it("after an ObjectId, asks only for the types that sort later", () => {
    expect(laterTypes(new ObjectId())).toEqual(["bool", "date", "timestamp", "regex"]);
  });
});
