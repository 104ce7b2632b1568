import type { ExpectationResult } from './validationTypes';

/** One line saying what an expectation found, for the terminal and the Problems panel alike. */
export function describeResult(r: ExpectationResult): string {
  const args = r.column ? ` ${r.column}` : '';
  if (r.message) return `${r.expect}${args}: ${r.message}`;
  if (r.checked !== undefined) {
    const share = (r.observed as number) * 100;
    return `${r.expect}${args}: ${r.unexpectedCount} of ${r.checked} rows unexpected (${share.toFixed(share > 0 && share < 0.1 ? 3 : 1)}%)`;
  }
  return `${r.expect}${args}: observed ${JSON.stringify(r.observed)}`;
}
