// The one way a moment is written for people to read: UTC to the second, said to be UTC, so a
// terminal, a CI log, a model card and a colleague's machine read the same time (JSON output keeps
// ISO 8601 with milliseconds).

/** "2026-12-05 17:51:18 UTC"; '' for no time. */
export function formatTime(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '';
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
