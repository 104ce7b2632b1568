// The shape of a validation: what `mlops validate --json` prints and the store keeps per version.

export const MAX_UNEXPECTED_ROWS = 20;

export interface ExpectationResult {
  expect: string;
  column?: string;
  /** Position of the expectation in its dataset's list in mlops.json, for pointing at it. */
  index: number;
  severity: 'error' | 'warning';
  success: boolean;
  /** Row checks: the share of checked rows that failed; aggregates: the value; table checks: the count or columns. */
  observed: unknown;
  /** Rows the check judged (nulls are not judged except by notNull). */
  checked?: number;
  unexpectedCount: number;
  /** The first unexpected rows: the 1-based line of the file on which each row starts. */
  unexpectedRows: { line: number; value: unknown }[];
  /** Why it failed when no row is to blame (missing column, bad argument). */
  message?: string;
}

export interface ValidationResult {
  /** False when an expectation of severity error failed; warnings never fail it. */
  success: boolean;
  file: string;
  rows: number;
  results: ExpectationResult[];
  /** Ragged rows (left out of the checks) and other reader problems. */
  problems: { line: number; message: string }[];
  /** Rows left out of every check because their field count differs from the header's (absent in results stored before it was counted). */
  raggedRows?: number;
  /** Set when more than a few rows are ragged and the dataset does not allow them ("allowRagged"): the table fails. */
  raggedFailed?: boolean;
  /** How the table was read that the user should know: lines skipped before the data, many ragged rows. */
  notes?: string[];
}
