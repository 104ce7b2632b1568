// What the Profile panel shows: one or two table profiles, column by column, with each pair of
// histograms already on shared bins (core/quality/profileCompare) so the webview only draws.
// The wire carries the profile as core makes it (profileTypes); the guards in protocol.ts check it at runtime.
import type { ColumnProfile, QuantileName } from './profileTypes';

export const profileColumnTypes = ['null', 'integer', 'float', 'boolean', 'datetime', 'string'] as const satisfies readonly ColumnProfile['type'][];
export const quantileNames = ['p1', 'p5', 'p25', 'p50', 'p75', 'p95', 'p99'] as const satisfies readonly QuantileName[];
export type ProfileValue = string | number | boolean;

/** One column's figures: the profile's ColumnProfile, as `mlops profile --json` prints it. */
export type ProfileColumn = ColumnProfile;

/** What was profiled: a file, or dataset:item@version. */
export interface ProfileSubject {
  label: string;
  rows: number;
  columns: number;
  raggedRows: number;
  format: string;
  /** The profile's notes: lines skipped before the data, many ragged rows. */
  notes?: string[];
}

/** A column across the profiled subjects (one or two), side by side. */
export interface ProfileColumnView {
  name: string;
  /** Index of the one subject holding the column when the other lacks it (0: removed, 1: added). */
  only?: number;
  /** The column's figures per subject; null where the subject lacks the column. */
  sides: (ProfileColumn | null)[];
  /** Histograms of every subject holding the column on the same edges: counts[subject][bin]. */
  histogram: { edges: number[]; counts: number[][] } | null;
  /** Most frequent values over all subjects; a count is null where the value is not among that subject's top. */
  top: { value: string; counts: (number | null)[] }[];
}

export interface ProfileCompareChoice {
  id: string;
  label: string;
}

export interface ProfileData {
  subjects: ProfileSubject[];
  columns: ProfileColumnView[];
  /** Other versions of the same item and its working file: what "Compare with..." offers. */
  choices: ProfileCompareChoice[];
  /** The id of the choice shown beside the first subject, if any. */
  comparedWith: string | null;
}
