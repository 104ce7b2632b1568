// TFDV-style schema inference: expectations proposed from a profile, for the user to review.
import type { Expectation, ExpectationOf } from '../config/types';
import type { TableProfile } from '../../shared/profileTypes';

export interface SuggestOptions {
  /** A column with at most this many distinct values gets an inSet domain (default 100). */
  maxDomain?: number;
  /** The row-count band: observed rows times (1 - slack) to (1 + slack) (default 0.5). */
  rowSlack?: number;
}

const TYPE_OF: Record<string, ExpectationOf<'type'>['type'] | undefined> = { integer: 'integer', float: 'number', boolean: 'boolean', datetime: 'datetime' };

export function suggestExpectations(profile: TableProfile, opts: SuggestOptions = {}): Expectation[] {
  const maxDomain = opts.maxDomain ?? 100;
  const slack = opts.rowSlack ?? 0.5;
  const out: Expectation[] = [{ expect: 'columnsExist', columns: profile.columns.map((c) => c.name) }];
  if (profile.rows > 0) {
    out.push({ expect: 'rowCountBetween', min: Math.floor(profile.rows * (1 - slack)), max: Math.ceil(profile.rows * (1 + slack)) });
  }
  for (const c of profile.columns) {
    if (c.type === 'null') continue;
    const type = TYPE_OF[c.type];
    // float columns are checked as "number": a later version with whole numbers only is still fine.
    if (type) out.push({ expect: 'type', column: c.name, type });
    // Nullability: required when never null; else tolerate the observed share (TFDV's min_fraction).
    if (c.nulls === 0) out.push({ expect: 'notNull', column: c.name });
    else if (c.nullShare < 1) out.push({ expect: 'notNull', column: c.name, mostly: Math.floor((1 - c.nullShare) * 1000) / 1000, severity: 'warning' });
    const numeric = c.type === 'integer' || c.type === 'float';
    if (numeric && typeof c.min === 'number' && typeof c.max === 'number' && Number.isFinite(c.min) && Number.isFinite(c.max)) {
      out.push({ expect: 'between', column: c.name, min: c.min, max: c.max });
    }
    // A categorical domain: text (or boolean) columns with few values, all of them counted exactly.
    if (!numeric && c.type !== 'datetime' && c.domain && c.domain.length <= maxDomain) {
      out.push({ expect: 'inSet', column: c.name, values: [...c.domain].sort((a, b) => String(a).localeCompare(String(b))) });
    }
  }
  return out;
}
