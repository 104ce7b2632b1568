// Runs a dataset's expectations over a table in one streaming pass: row checks keep the line of each
// unexpected row; aggregates come from the same column statistics a profile computes (numpy's figures).
import type { Expectation } from '../config/types';
import { openTable, type OpenTableOptions } from '../data/readers/openTable';
import { manyRagged, raggedNotice } from '../data/readers/raggedRows';
import type { Cell } from '../data/readers/types';
import { ColumnAccumulator } from './columnAccumulator';
import { ProfileAborted } from './profile';
import { columnsRead, isAggregate, unknownKind, type AggregateExpectation } from './expectationKinds';
import { ExpectationArgumentError, inRange, rowCheckFor, type RowCheck } from './rowChecks';
import { DateFormatError } from './dateFormat';
import { MAX_UNEXPECTED_ROWS, type ExpectationResult, type ValidationResult } from './validationTypes';

export * from './validationTypes';

export interface ValidateOptions extends OpenTableOptions {
  onProgress?: (fraction: number, rows: number) => void;
  signal?: AbortSignal;
  /** How to name the file in results and messages (e.g. the dataset item rather than its cached object). */
  label?: string;
  /** Pass a table with many ragged rows (the dataset's "allowRagged"); they are left out of the checks either way. */
  allowRagged?: boolean;
}

interface Running {
  e: Expectation;
  result: ExpectationResult;
  check?: RowCheck;
  /** Column indexes of check.columns in the table; -1 when missing. */
  indexes?: number[];
}

function baseResult(e: Expectation, index: number): ExpectationResult {
  return {
    expect: e.expect,
    ...('column' in e ? { column: e.column } : {}),
    index,
    severity: e.severity === 'warning' ? 'warning' : 'error',
    success: true,
    observed: null,
    unexpectedCount: 0,
    unexpectedRows: [],
  };
}

export async function validateFile(file: string, expectations: Expectation[], opts: ValidateOptions = {}): Promise<ValidationResult> {
  const table = await openTable(file, opts);
  const shownFile = opts.label ?? file;
  const running: Running[] = expectations.map((e, i) => {
    const r: Running = { e, result: baseResult(e, i) };
    try {
      r.check = rowCheckFor(e);
      if (r.check) r.result.checked = 0;
    } catch (err) {
      if (!(err instanceof ExpectationArgumentError || err instanceof DateFormatError)) throw err;
      r.result.success = false;
      r.result.message = err.message;
    }
    return r;
  });
  const live = running.filter((r) => r.check && r.result.message === undefined);
  // Aggregates read the same accumulator a profile uses, so their figures equal the profile's.
  const aggregateColumns = new Set(expectations.filter(isAggregate).map((e) => e.column));
  const accumulators = new Map<string, ColumnAccumulator>([...aggregateColumns].map((c) => [c, new ColumnAccumulator(Infinity, Infinity, 0)]));
  let accIndexes: [number, ColumnAccumulator][] = [];
  let known = -1;
  let rows = 0;
  let ragged = 0;
  try {
    for await (const batch of table.batches()) {
      if (opts.signal?.aborted) throw new ProfileAborted();
      if (table.columns.length !== known) {
        // JSONL columns can appear late: re-resolve names whenever the list grows.
        known = table.columns.length;
        for (const r of live) r.indexes = r.check!.columns.map((c) => table.columns.indexOf(c));
        accIndexes = [...accumulators].map(([c, acc]) => [table.columns.indexOf(c), acc] as [number, ColumnAccumulator]).filter(([i]) => i >= 0);
      }
      // A check that tests a whole batch at once (a regex under its time budget) sees the batch's rows first.
      for (const r of live) r.check!.prepare?.(batch.filter((row) => !row.ragged).map((row) => r.indexes!.map((i) => (i < 0 ? undefined : row.values[i]))));
      for (const row of batch) {
        if (row.ragged) {
          ragged++;
          continue;
        }
        rows++;
        const values = row.values;
        for (const [i, acc] of accIndexes) acc.add(values[i]);
        for (const r of live) {
          const cells: (Cell | undefined)[] = r.indexes!.map((i) => (i < 0 ? undefined : values[i]));
          const verdict = r.check!.check(cells);
          if (verdict === undefined) continue;
          r.result.checked!++;
          if (!verdict) {
            r.result.unexpectedCount++;
            if (r.result.unexpectedRows.length < MAX_UNEXPECTED_ROWS) r.result.unexpectedRows.push({ line: row.line, value: r.check!.shown(cells) });
          }
        }
      }
      opts.onProgress?.(table.progress(), rows);
    }
  } finally {
    await table.close();
  }
  const columns = table.columns;
  for (const r of running) {
    if (r.result.message !== undefined) continue;
    const e = r.e;
    const missing = columnsRead(e).filter((c) => !columns.includes(c));
    if (missing.length) {
      r.result.success = false;
      r.result.unexpectedRows = [];
      r.result.unexpectedCount = 0;
      r.result.message = `${missing.map((c) => `column "${c}"`).join(' and ')} not found in ${shownFile} (columns: ${columns.slice(0, 20).join(', ')}${columns.length > 20 ? ', ...' : ''}).`;
      continue;
    }
    if (r.check) finishRowCheck(r.result, ('mostly' in e ? e.mostly : undefined) ?? 1);
    const stopped = r.check?.failure?.();
    if (stopped) {
      r.result.success = false;
      r.result.message = stopped;
    }
    else finishOther(r.result, e, columns, rows, accumulators);
  }
  const problems = table.problems.map((p) => ({ line: p.line, message: p.message }));
  // Many ragged rows are a problem of the table itself, failing it unless the dataset allows them.
  const raggedFails = manyRagged(ragged) && !opts.allowRagged;
  const notes = [...table.notices, ...(manyRagged(ragged) ? [raggedNotice(ragged, rows + ragged)] : [])];
  return {
    success: !raggedFails && running.every((r) => r.result.success || r.result.severity === 'warning'),
    file: shownFile,
    rows,
    results: running.map((r) => r.result),
    problems,
    raggedRows: ragged,
    ...(raggedFails ? { raggedFailed: true } : {}),
    ...(notes.length ? { notes } : {}),
  };
}

/** mostly: the share of judged rows that must pass (Great Expectations' rule); nothing judged passes. */
function finishRowCheck(result: ExpectationResult, mostly: number): void {
  const checked = result.checked ?? 0;
  const share = checked ? result.unexpectedCount / checked : 0;
  result.observed = share;
  result.success = checked === 0 || (checked - result.unexpectedCount) / checked >= mostly;
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && new Set([...a, ...b]).size === a.length;
}

/** Table-level and aggregate expectations, judged once the whole table has been read. */
function finishOther(result: ExpectationResult, e: Expectation, columns: string[], rows: number, accumulators: Map<string, ColumnAccumulator>): void {
  switch (e.expect) {
    case 'columnsExist': {
      const absent = e.columns.filter((c) => !columns.includes(c));
      result.observed = columns;
      result.success = absent.length === 0;
      if (absent.length) result.message = `missing: ${absent.join(', ')}`;
      return;
    }
    case 'columnsMatchSet':
    case 'columnsMatchOrderedList': {
      const wanted = e.columns;
      result.observed = columns;
      result.success = e.expect === 'columnsMatchSet' ? sameSet(columns, wanted) : columns.join('\u0000') === wanted.join('\u0000');
      if (!result.success) {
        const extra = columns.filter((c) => !wanted.includes(c));
        const absent = wanted.filter((c) => !columns.includes(c));
        result.message = [absent.length ? `missing: ${absent.join(', ')}` : '', extra.length ? `unexpected: ${extra.join(', ')}` : '', !absent.length && !extra.length ? 'same columns in another order' : ''].filter(Boolean).join('; ');
      }
      return;
    }
    case 'rowCountBetween':
      result.observed = rows;
      result.success = inRange(rows, e);
      return;
    case 'meanBetween':
    case 'medianBetween':
    case 'stdBetween':
    case 'quantileBetween':
    case 'uniqueProportionBetween': {
      // Every aggregate's column has an accumulator: validateFile made one per aggregate column.
      const value = aggregateValue(e, accumulators.get(e.column)!, rows);
      result.observed = value;
      result.success = value !== null && inRange(value, e);
      if (value === null) result.message = `column "${e.column}" has no ${e.expect === 'uniqueProportionBetween' ? 'values' : 'numbers'} to measure.`;
      return;
    }
    // Judged row by row, finished by finishRowCheck.
    case 'notNull':
    case 'unique':
    case 'compoundUnique':
    case 'inSet':
    case 'between':
    case 'type':
    case 'regex':
    case 'dateFormat':
    case 'lengthBetween':
    case 'columnPairGreaterThan':
      return;
    default:
      return unknownKind(e);
  }
}

/** An aggregate's figure over the column's numbers (or values, for the unique proportion). */
function aggregateValue(e: AggregateExpectation, acc: ColumnAccumulator, rows: number): number | null {
  const p = acc.finish(e.column, rows);
  switch (e.expect) {
    case 'meanBetween':
      return p.mean;
    case 'medianBetween':
      return p.quantiles?.p50 ?? null;
    case 'stdBetween':
      return p.stdSample;
    case 'quantileBetween':
      return acc.quantile(e.quantile);
    case 'uniqueProportionBetween':
      return p.count ? p.distinct / p.count : null;
  }
}
