// A raised alert's actions, in the order mlops.json lists them. Notify and retrain are returned for
// the caller to carry out (VS Code shows the notification; the CLI or the editor launches the run);
// webhooks and commands run here, and each failure is an outcome, never an exception.
import type { MonitorConfig } from '../../config/types';
import type { CheckSummary } from '../checkSummary';
import { runCommandAction, type CommandResult } from './commandAction';
import { postWebhook, type WebhookResult } from './webhook';

export type ActionOutcome =
  | { kind: 'notify'; text: string }
  /** run: the name of a run config or a pipeline (retrain.ts retrainTarget says which). */
  | { kind: 'retrain'; run: string; checkId: number }
  | ({ kind: 'webhook' } & WebhookResult)
  | ({ kind: 'command' } & CommandResult)
  | { kind: 'skipped'; action: 'command' | 'retrain'; reason: string };

export interface ActionOptions {
  /** Workspace Trust: without it no command runs and no retrain is requested. */
  trusted: boolean;
  cwd: string;
  env?: NodeJS.ProcessEnv;
  webhookTimeoutMs?: number;
  commandTimeoutMs?: number;
}

const UNTRUSTED = 'the workspace is not trusted, so nothing from mlops.json is executed';

export async function runActions(monitor: MonitorConfig, summary: CheckSummary, opts: ActionOptions): Promise<ActionOutcome[]> {
  const out: ActionOutcome[] = [];
  for (const action of monitor.actions ?? []) {
    if ('notify' in action) {
      if (action.notify) out.push({ kind: 'notify', text: summary.text });
    } else if ('retrain' in action) {
      out.push(opts.trusted ? { kind: 'retrain', run: action.retrain, checkId: summary.checkId } : { kind: 'skipped', action: 'retrain', reason: UNTRUSTED });
    } else if ('webhook' in action) {
      out.push({ kind: 'webhook', ...(await postWebhook(action.webhook, summary, { env: opts.env, timeoutMs: opts.webhookTimeoutMs })) });
    } else if (opts.trusted) {
      out.push({ kind: 'command', ...(await runCommandAction(action.command, summary, { cwd: opts.cwd, env: opts.env, timeoutMs: opts.commandTimeoutMs })) });
    } else out.push({ kind: 'skipped', action: 'command', reason: UNTRUSTED });
  }
  return out;
}

/** One line per outcome, for a terminal. */
export function describeOutcome(o: ActionOutcome): string {
  switch (o.kind) {
    case 'notify':
      return `notify: ${o.text}`;
    case 'retrain':
      return `retrain: "${o.run}" (a run config or pipeline) requested for check ${o.checkId}`;
    case 'webhook':
      return o.ok ? `webhook ${o.target}: delivered (HTTP ${o.status})` : `webhook ${o.target}: not delivered: ${o.error}`;
    case 'command':
      return o.ok ? `command ${JSON.stringify(o.command)}: done` : `command ${JSON.stringify(o.command)}: failed (${o.error})${o.output.trim() ? '\n' + o.output.trim() : ''}`;
    case 'skipped':
      return `${o.action}: skipped: ${o.reason}`;
  }
}
