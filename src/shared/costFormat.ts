// How an amount of money is shown, alike in the CLI, the tree views and the webviews (Compare,
// Overview). Cents are the finest unit shown: a run that cost less than a cent but not nothing says so.

/** The shape of core/cost's Cost, repeated here because src/shared imports nothing above it. */
export interface CostAmount {
  amount: number;
  currency: string;
}

// Currencies written with a symbol before the amount; any other is written after it ("1.20 CHF").
const SYMBOLS: Record<string, string> = { USD: '$', EUR: '€', GBP: '£' };

/** "$0.42", "€1.20", "1.20 CHF"; "< $0.01" for a non-zero amount under a cent. */
export function formatCost(c: CostAmount): string {
  const code = c.currency.toUpperCase();
  const tiny = c.amount > 0 && c.amount < 0.005;
  const digits = (tiny ? 0.01 : c.amount).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const symbol = SYMBOLS[code];
  const text = symbol ? `${symbol}${digits}` : `${digits} ${code}`;
  return tiny ? `< ${text}` : text;
}
