// What a run tells its reporter (the only owner of the terminal) while it runs; it prints nothing.
import type { JunctionResult } from "../postgres/junctionSync.js";
import type { TableStats } from "./stats.js";

export type TableProgress = TableStats;

export interface MigrationEvents {
  plan?(tables: { name: string; total: number }[], junctions: string[]): void;
  progress?(table: string, state: TableProgress): void;
  tableDone?(table: string, state: TableProgress): void;
  junctionStart?(name: string): void;
  junctionDone?(name: string, result: JunctionResult): void;
  warning?(message: string): void;
}
