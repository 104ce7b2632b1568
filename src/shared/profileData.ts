// What the Profile panel shows: one or two table profiles, column by column, with each pair of
// histograms already on shared bins (core/quality/profileCompare) so the webview only draws.

export const profileColumnTypes = ['null', 'integer', 'float', 'boolean', 'datetime', 'string'] as const;
export const quantileNames = ['p1', 'p5', 'p25', 'p50', 'p75', 'p95', 'p99'] as const;
export type ProfileValue = string | number | boolean;

/** One column's figures, as core's ColumnProfile (`mlops profile --json`). */
export interface ProfileColumn {
  name: string;
  type: (typeof profileColumnTypes)[number];
  count: number;
  nulls: number;
  nullShare: number;
  distinct: number;
  distinctError?: number;
  min: number | string | null;
  max: number | string | null;
  mean: number | null;
  std: number | null;
  stdSample: number | null;
  quantiles: Record<(typeof quantileNames)[number], number> | null;
  quantileRankError?: number;
  histogram: { edges: number[]; counts: number[]; approximate?: boolean } | null;
  top: { value: ProfileValue; count: number }[];
  domain?: ProfileValue[];
  topApproximate?: boolean;
  lengths: { min: number; mean: number; max: number } | null;
  zerosShare: number | null;
  negativesShare: number | null;
}

/** What was profiled: a file, or dataset:item@version. */
export interface ProfileSubject {
  label: string;
  rows: number;
  columns: number;
  raggedRows: number;
  format: string;
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
