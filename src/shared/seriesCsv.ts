// A chart's data as CSV (RFC 4180): one row per plotted point of every run.

export interface CsvRow {
  run_id: string;
  run_name: string;
  step: number;
  timestamp: number;
  relative_ms: number;
  value: number;
  smoothed: number;
  band_min: number;
  band_max: number;
}

const columns: (keyof CsvRow)[] = ['run_id', 'run_name', 'step', 'timestamp', 'relative_ms', 'value', 'smoothed', 'band_min', 'band_max'];

function cell(v: string | number): string {
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : String(v); // Infinity and -Infinity print as such
  // Quote when needed, and defuse leading formula characters for spreadsheet apps.
  const text = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function seriesCsv(rows: readonly CsvRow[]): string {
  return [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\r\n') + '\r\n';
}
