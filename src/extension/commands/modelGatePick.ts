import * as vscode from 'vscode';
import type { GateMetricResult, GateResult } from '../../core/registry/types';
import { formatNumber } from '../../shared/format';

const value = (v: number | null) => (v === null ? 'n/a' : formatNumber(v));

/** What a metric had to reach, as mlops.json's gate says it. */
function rule(m: GateMetricResult): string {
  const more = m.direction === 'maximize' ? '≥' : '≤';
  return [
    m.threshold !== undefined ? `${more} ${m.threshold}` : '',
    m.minAbsoluteChange !== undefined ? `change ${m.direction === 'maximize' ? '+' : '-'}${m.minAbsoluteChange}` : '',
    m.minRelativeChange !== undefined ? `change ${m.direction === 'maximize' ? '+' : '-'}${m.minRelativeChange * 100}%` : '',
  ]
    .filter(Boolean)
    .join(', ');
}

type GateItem = vscode.QuickPickItem & { choice?: 'continue' | 'force' | 'cancel' };

/**
 * Shows the gate's verdict on each metric, then what may be done: move the alias when it passed;
 * force the move (with a reason, recorded) or cancel when it failed. Resolves to the choice.
 */
export async function showGateResult(gate: GateResult, alias: string, version: number): Promise<'continue' | 'force' | undefined> {
  const against = gate.against.version === null ? `(${alias} is not set yet)` : `against ${alias} (v${gate.against.version})`;
  const metricItems: GateItem[] = gate.metrics.map((m) => ({
    label: `$(${m.passed ? 'pass' : 'error'}) ${m.metric}`,
    description: `${value(m.candidate)}${m.baseline !== null ? ` vs ${value(m.baseline)}` : ''}${rule(m) ? ` · needs ${rule(m)}` : ''}`,
    detail: m.reasons.join(' ') || (m.passed ? 'passes' : 'fails'),
  }));
  const dataItems: GateItem[] = gate.evaluationData.map((d) => ({
    label: `$(${d.same ? 'database' : 'warning'}) ${d.dataset}`,
    description: `evaluation data: v${d.candidate ?? '?'} vs v${d.baseline ?? '?'}${d.same ? '' : ' (different)'}`,
  }));
  const actions: GateItem[] = gate.passed
    ? [{ label: `$(arrow-right) Move ${alias} to v${version}`, description: 'the gate passed; a reason is asked next', choice: 'continue' }]
    : [
        { label: '$(close) Cancel', description: `${alias} stays where it is`, choice: 'cancel' },
        { label: `$(warning) Force ${alias} to v${version}...`, description: 'despite the failed gate; recorded with your reason', choice: 'force' },
      ];
  const items: GateItem[] = [
    ...actions,
    { label: 'metrics', kind: vscode.QuickPickItemKind.Separator },
    ...metricItems,
    ...(dataItems.length ? [{ label: 'evaluation data', kind: vscode.QuickPickItemKind.Separator }, ...dataItems] : []),
  ];
  const title = `Gate ${gate.passed ? 'passed' : 'FAILED'}: ${gate.candidate} ${against}`;
  // A metric row is for reading: picking one shows the list again.
  for (;;) {
    const picked = await vscode.window.showQuickPick(items, { title, placeHolder: gate.passed ? 'Every gate metric passes' : `Failed: ${gate.metrics.filter((m) => !m.passed).map((m) => m.metric).join(', ')}`, matchOnDetail: true });
    if (!picked || picked.choice === 'cancel') return undefined;
    if (picked.choice) return picked.choice;
  }
}
