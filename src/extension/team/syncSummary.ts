// The words of a Push or Pull in VS Code: one line for the information message, and the alias moves
// a teammate won (each a warning naming who moved it and when). The CLI words its own for a terminal.
import type { TransferReport } from '../../core/remote/types';
import { isSkipped, type PullReport, type PushReport, type SyncProgress } from '../../core/team/syncTypes';
import { aliasConflictWords, countsText, kindNames, plural, renumberedText } from '../../core/team/syncWords';
import type { AliasConflict } from '../../core/team/types';
import { formatSize } from '../views/datasetsTree';

const objectsText = (r: TransferReport) => (r.transferred ? `${plural(r.transferred, ['object', 'objects'])} (${formatSize(r.bytes)})` : undefined);

export function aliasConflictText(c: AliasConflict): string {
  return `${c.model}@${c.alias}: ${aliasConflictWords(c)}. Pull to get the team's alias.`;
}

/** The information message of a push, and the problems (skipped records, failed objects) as notes. */
export function pushSummary(report: PushReport): { text: string; notes: string[] } {
  const parts: string[] = [];
  const notes: string[] = [];
  if (isSkipped(report.objects)) notes.push(`objects not pushed: ${report.objects.skipped}`);
  else {
    const t = objectsText(report.objects.report);
    if (t) parts.push(`${t} to ${report.objects.remote}`);
    for (const f of report.objects.report.failed) notes.push(`object ${f.hash.slice(0, 12)} not pushed: ${f.message}`);
  }
  if (isSkipped(report.records)) notes.push(`records not pushed: ${report.records.skipped}`);
  else {
    parts.push(...countsText(report.records.pushed));
    for (const s of report.records.skipped) notes.push(`${kindNames[s.kind][0]} ${s.key} not pushed: ${s.reason}`);
  }
  let text = parts.length ? `Pushed ${parts.join(', ')}.` : 'Nothing to push: the team already has everything here.';
  if (!isSkipped(report.records) && report.records.renumbered.length) text += ` ${report.records.renumbered.map(renumberedText).join('; ')}.`;
  return { text, notes };
}

export function pullSummary(report: PullReport): { text: string; notes: string[] } {
  const parts: string[] = [];
  const notes: string[] = [];
  if (isSkipped(report.records)) notes.push(`records not pulled: ${report.records.skipped}`);
  else parts.push(...countsText(report.records.pulled));
  if (isSkipped(report.objects)) notes.push(`objects not pulled: ${report.objects.skipped}`);
  else {
    const t = objectsText(report.objects.report);
    if (t) parts.push(`${t} from ${report.objects.remote}`);
    for (const f of report.objects.report.failed) notes.push(`object ${f.hash.slice(0, 12)} not pulled: ${f.message}`);
  }
  let text = parts.length ? `Pulled ${parts.join(', ')}.` : 'Already up to date.';
  if (!isSkipped(report.records) && report.records.renumbered.length) {
    text += ` ${report.records.renumbered.map((r) => `${renumberedText(r)}: a teammate's version took v${r.from}`).join('; ')}.`;
  }
  return { text, notes };
}

/** The progress notification's line for one step of a sync. */
export function progressText(p: SyncProgress): string {
  if (p.part === 'records') return `${kindNames[p.kind]?.[1] ?? 'records'}: ${p.done} of ${p.total}`;
  const { phase, done, total, bytesDone, bytesTotal } = p.progress;
  if (phase === 'checking') return `checking ${total} objects on ${p.remote}`;
  return `${phase} objects: ${done} of ${total} (${formatSize(bytesDone)} of ${formatSize(bytesTotal)})`;
}
