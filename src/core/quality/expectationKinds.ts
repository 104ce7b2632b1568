// Expectation kinds by what validation reads for them. The kinds are the schema's (one generated type
// per kind), so each switch here lists every kind and a kind added to the schema fails to compile.
import type { Expectation, ExpectationKind, ExpectationOf } from '../config/types';

/** An expectation whose arguments cannot be checked as given (a bad pattern, an unknown kind). */
export class ExpectationArgumentError extends Error {}

/** Kinds judged on a whole column's figures, from the same accumulator a profile uses. */
export const AGGREGATE_KINDS = ['meanBetween', 'medianBetween', 'stdBetween', 'quantileBetween', 'uniqueProportionBetween'] as const satisfies readonly ExpectationKind[];

export type AggregateExpectation = ExpectationOf<(typeof AGGREGATE_KINDS)[number]>;

export function isAggregate(e: Expectation): e is AggregateExpectation {
  return (AGGREGATE_KINDS as readonly ExpectationKind[]).includes(e.expect);
}

/**
 * The end of an exhaustive switch over kinds. The types rule every other kind out, but expectations
 * stored by an older version or sent over a worker's channel are data, so an unknown one is reported.
 */
export function unknownKind(e: never): never {
  throw new ExpectationArgumentError(`unknown expectation "${String((e as { expect?: unknown }).expect)}".`);
}

/**
 * Columns an expectation reads from the table: when one is missing the expectation fails with a
 * message naming it. Table-level kinds read none (a missing column is what they check).
 */
export function columnsRead(e: Expectation): string[] {
  switch (e.expect) {
    case 'columnsExist':
    case 'columnsMatchSet':
    case 'columnsMatchOrderedList':
    case 'rowCountBetween':
      return [];
    case 'compoundUnique':
      return e.columns;
    case 'columnPairGreaterThan':
      return [e.column, e.other];
    case 'notNull':
    case 'unique':
    case 'inSet':
    case 'between':
    case 'type':
    case 'regex':
    case 'dateFormat':
    case 'lengthBetween':
    case 'meanBetween':
    case 'medianBetween':
    case 'stdBetween':
    case 'quantileBetween':
    case 'uniqueProportionBetween':
      return [e.column];
    default:
      return unknownKind(e);
  }
}
