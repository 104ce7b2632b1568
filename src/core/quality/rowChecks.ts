// Row-level expectations: each judges one row at a time, so failures point at the file's lines.
import type { Expectation, ExpectationOf } from '../config/types';
import { cellKind, type CellKind } from '../data/readers/inferTypes';
import type { Cell } from '../data/readers/types';
import { dateFormatChecker } from './dateFormat';
import { ExpectationArgumentError, unknownKind } from './expectationKinds';
import { budgetedRegex } from './regexBudget';

// Who builds row checks catches the argument errors they throw.
export { ExpectationArgumentError };

/** true: the row passes; false: unexpected; undefined: not checked (e.g. a null in a range check). */
export type RowVerdict = boolean | undefined;

export interface RowCheck {
  /** Columns the check reads, in order; resolved to indexes per table. */
  columns: string[];
  check(cells: (Cell | undefined)[]): RowVerdict;
  /** What to show for an unexpected row. */
  shown(cells: (Cell | undefined)[]): unknown;
  /** Called with a batch's rows (their cells) before `check` is called for each of them, in order. */
  prepare?(rows: (Cell | undefined)[][]): void;
  /** Why the check stopped before the end (its time budget spent); the expectation then fails with it. */
  failure?(): string | undefined;
}

const isNull = (c: Cell | undefined) => cellKind(c) === 'null';
const numberOf = (c: Cell | undefined): number | undefined => {
  const k = cellKind(c);
  if (k !== 'integer' && k !== 'float') return undefined;
  if (typeof c === 'number') return c;
  const x = Number(c);
  return Number.isNaN(x) ? (String(c).startsWith('-') ? -Infinity : Infinity) : x;
};
/** Values as comparable keys: numbers by value (1 = 1.0), booleans lowercase, text as is. */
const keyOf = (c: Cell | undefined): string => {
  const k = cellKind(c);
  if (k === 'integer' || k === 'float') return 'n:' + String(numberOf(c));
  if (k === 'boolean') return 'b:' + String(c).toLowerCase();
  return 's:' + String(c);
};

const TYPE_KINDS: Record<ExpectationOf<'type'>['type'], CellKind[]> = {
  integer: ['integer'],
  float: ['float', 'integer'],
  number: ['float', 'integer'],
  boolean: ['boolean'],
  datetime: ['datetime'],
  string: ['integer', 'float', 'boolean', 'datetime', 'string'],
};

/** Either bound may be left out; strict leaves the bounds themselves out. */
export function inRange(x: number, { min, max }: { min?: number; max?: number }, strict = false): boolean {
  if (min !== undefined && (strict ? x <= min : x < min)) return false;
  if (max !== undefined && (strict ? x >= max : x > max)) return false;
  return true;
}

/** Repeats of a value: each occurrence after the first is unexpected, so its line is the repeat's. */
function duplicateCheck(columns: string[]): RowCheck {
  const seen = new Map<string, number>();
  return {
    columns,
    check(cells) {
      if (cells.every(isNull)) return undefined;
      const key = cells.map(keyOf).join('\u0000');
      const n = seen.get(key) ?? 0;
      seen.set(key, n + 1);
      return n === 0;
    },
    shown: (cells) => (cells.length === 1 ? cells[0] : cells),
  };
}

/** The row check an expectation stands for, or undefined for table and aggregate ones. */
export function rowCheckFor(e: Expectation): RowCheck | undefined {
  const one = (column: string, check: (c: Cell | undefined) => RowVerdict): RowCheck => ({ columns: [column], check: (cells) => check(cells[0]), shown: (cells) => cells[0] ?? null });
  switch (e.expect) {
    case 'notNull':
      return one(e.column, (c) => !isNull(c));
    case 'unique':
      return duplicateCheck([e.column]);
    case 'compoundUnique':
      return duplicateCheck(e.columns);
    case 'inSet': {
      const allowed = new Set(e.values.map((v) => keyOf(v)));
      return one(e.column, (c) => (isNull(c) ? undefined : allowed.has(keyOf(c))));
    }
    case 'between':
      return one(e.column, (c) => {
        if (isNull(c)) return undefined;
        const x = numberOf(c);
        return x !== undefined && inRange(x, e, e.strict === true);
      });
    case 'type': {
      const kinds = TYPE_KINDS[e.type];
      return one(e.column, (c) => (isNull(c) ? undefined : kinds.includes(cellKind(c))));
    }
    case 'regex': {
      let re: RegExp;
      try {
        re = new RegExp(e.pattern);
      } catch (err) {
        throw new ExpectationArgumentError(`"pattern" is not a valid regular expression: ${(err as Error).message}`);
      }
      const budgeted = budgetedRegex(re);
      return {
        columns: [e.column],
        prepare: (rows) => budgeted.prepare(rows.map((cells) => cells[0])),
        check: (cells) => budgeted.verdict(cells[0]),
        shown: (cells) => cells[0] ?? null,
        failure: budgeted.failure,
      };
    }
    case 'dateFormat': {
      const ok = dateFormatChecker(e.format);
      return one(e.column, (c) => (isNull(c) ? undefined : ok(String(c))));
    }
    case 'lengthBetween':
      return one(e.column, (c) => (isNull(c) ? undefined : inRange(String(c).length, e)));
    case 'columnPairGreaterThan': {
      const { column, other, orEqual } = e;
      return {
        columns: [column, other],
        check([a, b]) {
          if (isNull(a) || isNull(b)) return undefined;
          const x = numberOf(a);
          const y = numberOf(b);
          // Numbers by value; anything else (ISO dates included) by text.
          const cmp = x !== undefined && y !== undefined ? x - y : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
          return orEqual ? cmp >= 0 : cmp > 0;
        },
        shown: (cells) => ({ [column]: cells[0] ?? null, [other]: cells[1] ?? null }),
      };
    }
    // Judged on the whole table or column, not row by row.
    case 'columnsExist':
    case 'columnsMatchSet':
    case 'columnsMatchOrderedList':
    case 'rowCountBetween':
    case 'meanBetween':
    case 'medianBetween':
    case 'stdBetween':
    case 'quantileBetween':
    case 'uniqueProportionBetween':
      return undefined;
    default:
      return unknownKind(e);
  }
}
