import type { ReproResult, StageOutcome } from '../../core/pipelines/types';
import { formatCost } from '../../shared/costFormat';

/** A stage's outcome in words, in the order the summary counts them. */
export const outcomeWords: Record<StageOutcome, string> = {
  ran: 'ran',
  restored: 'restored from the run cache',
  'up-to-date': 'up to date',
  failed: 'failed',
  killed: 'stopped',
  'not-run': 'not run',
};

/**
 * What the notification at the end of Run Pipeline says: "pipeline train: 2 ran, 1 restored from
 * the run cache (saved $0.01), 1 up to date".
 */
export function reproSummary(pipeline: string, r: ReproResult, currency = 'USD'): string {
  const parts = (Object.entries(outcomeWords) as [StageOutcome, string][]).flatMap(([outcome, words]) => {
    const n = r.stages.filter((s) => s.outcome === outcome).length;
    if (!n) return [];
    const saved = outcome === 'restored' && r.savedCost ? ` (saved ${formatCost({ amount: r.savedCost, currency })})` : '';
    return [`${n} ${words}${saved}`];
  });
  const cost = r.cost ? `; cost ${formatCost({ amount: r.cost, currency })}` : '';
  return `pipeline ${pipeline}: ${parts.join(', ') || 'no stage selected'}${cost}`;
}

/** The first failed stage and why, for the failure notification. */
export function firstFailure(r: ReproResult): { stage: string; reason: string } | undefined {
  const f = r.stages.find((s) => s.outcome === 'failed');
  return f && { stage: f.stage, reason: f.reason };
}
