/**
 * A one-row INSERT that group commit (d1-group-commit.ts) may merge with others of its kind into
 * one many-row statement: one statement for a dozen concurrent deliveries instead of a dozen, each
 * of which local D1 prepares, runs and measures on its own (issue 12, target 4).
 */
import type { SqlValue } from './sql.ts';

export interface MergeableInsert {
  /** The one-row statement, exactly as `run` is given it. */
  sql: string;
  /** How many values one row binds in `many`. */
  width: number;
  /**
   * The statement inserting `rows` rows, bound with each row's `row(params)` in turn, that returns
   * the `key` column of every row it inserted (`RETURNING`) and of no other.
   */
  many(rows: number): string;
  /** A row's values for `many`, from the one-row statement's parameters; the first is its key. */
  row(params: readonly SqlValue[]): SqlValue[];
  /** The column that `many` returns for each row it inserted. */
  key: string;
}
