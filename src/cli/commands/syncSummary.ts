// The human text of a push or pull: one summary line, then what changed locally (renumbered versions),
// what was refused (alias moves a teammate won), what could not go, and why.
import type { TransferReport } from '../../core/remote/types';
import { isSkipped, type PullReport, type PushReport } from '../../core/team/syncTypes';
import { aliasConflictWords, countsText, kindNames, plural, renumberedText } from '../../core/team/syncWords';
import type { AliasConflict } from '../../core/team/types';
import { formatBytes } from './data';

function objectsText(r: TransferReport): string | undefined {
  return r.transferred ? `${plural(r.transferred, ['object', 'objects'])} (${formatBytes(r.bytes)})` : undefined;
}

/** "champion: Bob <bob@x> moved it to churn@4 at 2026-12-06 10:02:00 UTC; your move to churn@5 was not applied; run mlops pull" */
export function aliasConflictText(c: AliasConflict): string {
  return `${c.alias}: ${aliasConflictWords(c)}; run mlops pull`;
}

export function pushSummary(report: PushReport): string[] {
  const lines: string[] = [];
  const parts: string[] = [];
  if (!isSkipped(report.objects)) {
    const t = objectsText(report.objects.report);
    if (t) parts.push(`${t} to ${report.objects.remote}`);
  }
  if (!isSkipped(report.records)) parts.push(...countsText(report.records.pushed));
  const head = parts.length ? `pushed ${parts.join(', ')}` : 'nothing to push: the team already has everything here';
  const renumbered = isSkipped(report.records) ? [] : report.records.renumbered.map(renumberedText);
  lines.push(renumbered.length ? `${head}; ${renumbered.join('; ')}` : head);
  lines.push(...objectNotes(report.objects, 'pushed'));
  if (isSkipped(report.records)) lines.push(`records not pushed: ${report.records.skipped}`);
  else {
    for (const s of report.records.skipped) lines.push(`skipped ${kindNames[s.kind][0]} ${s.key}: ${s.reason}`);
    for (const c of report.records.aliasConflicts) lines.push(aliasConflictText(c));
  }
  return lines;
}

export function pullSummary(report: PullReport): string[] {
  const parts: string[] = [];
  if (!isSkipped(report.records)) parts.push(...countsText(report.records.pulled));
  if (!isSkipped(report.objects)) {
    const t = objectsText(report.objects.report);
    if (t) parts.push(`${t} from ${report.objects.remote}`);
  }
  const lines = [parts.length ? `pulled ${parts.join(', ')}` : 'already up to date'];
  if (!isSkipped(report.records)) for (const r of report.records.renumbered) lines.push(`${renumberedText(r)}: a teammate's version took v${r.from}`);
  else lines.push(`records not pulled: ${report.records.skipped}`);
  lines.push(...objectNotes(report.objects, 'pulled'));
  return lines;
}

function objectNotes(objects: PushReport['objects'], verb: string): string[] {
  if (isSkipped(objects)) return [`objects not ${verb}: ${objects.skipped}`];
  return objects.report.failed.map((f) => `object ${f.hash.slice(0, 12)} not ${verb}: ${f.message}`);
}

/** A sync that did not do all it was asked: an object that failed, or an alias move a teammate won. */
export function syncFailed(report: PushReport | PullReport): boolean {
  if (!isSkipped(report.objects) && report.objects.report.failed.length) return true;
  return !isSkipped(report.records) && 'aliasConflicts' in report.records && report.records.aliasConflicts.length > 0;
}
