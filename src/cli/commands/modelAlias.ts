// `mlops model alias set|rm|history`: moving aliases through the gate, with reasons, and their history.
import type { MlopsConfig } from '../../core/config/types';
import { aliasHistory, AliasUnchangedError, GateRefusedError, removeAlias, setAlias } from '../../core/registry/aliases';
import { deployHookCommand, runDeployHook, type DeployHookResult } from '../../core/registry/deployHook';
import type { Store } from '../../core/store/store';
import type { AliasEvent, GateResult } from '../../core/registry/types';
import { UsageError, type CommandContext } from '../command';
import { table } from '../table';
import { formatTime } from '../time';
import { openStore, openWorkspace } from '../workspaceStore';
import { gateText } from './gateReport';
import { stringOption, usageHint, type ModelVerb } from './modelVerb';
import { toJsonText } from '../../core/quality/profileJson';

const usage = {
  set: 'alias set NAME ALIAS VERSION --reason TEXT [--force] [--allow-different-data]',
  rm: 'alias rm NAME ALIAS --reason TEXT',
  history: 'alias history NAME [--alias ALIAS] [--json]',
};

// Times in ISO 8601, as every command's JSON (and mlops gate's) prints them.
const iso = (t: number) => new Date(t).toISOString();
const gateJson = (g: GateResult) => ({ ...g, at: iso(g.at) });

function eventJson(e: AliasEvent) {
  return { ...e, at: iso(e.at), gate: e.gate && gateJson(e.gate) };
}

const versionText = (v: number | null) => (v === null ? '-' : String(v));

function requireReason(ctx: CommandContext, which: keyof typeof usage): string {
  const reason = stringOption(ctx, 'reason');
  if (!reason?.trim()) throw new UsageError(`alias ${which} needs --reason TEXT: it is kept in the alias's history and the audit log.`, `Usage: mlops model ${usage[which]}`);
  return reason;
}

function args(ctx: CommandContext, which: keyof typeof usage, names: string[]): string[] {
  if (ctx.args.length !== names.length) throw new UsageError(`alias ${which} takes ${names.join(' ')}.`, `Usage: mlops model ${usage[which]}`);
  return ctx.args;
}

/** The CLI runs the alias's deploy hook: the user typed the command, so the workspace is trusted. */
async function deploy(ctx: CommandContext, store: Store, config: MlopsConfig, event: AliasEvent): Promise<DeployHookResult | null> {
  if (!deployHookCommand(config, event.model, event.alias)) return null;
  if (!ctx.json) ctx.err(`Running the deploy hook of ${event.model}@${event.alias}: ${config.models[event.model]?.onAlias?.[event.alias]}`);
  return runDeployHook(store, config, event, { trusted: true, onOutput: (chunk) => ctx.err(chunk.toString('utf8').replace(/\n$/, '')) });
}

async function set(ctx: CommandContext): Promise<number> {
  const [model, alias, versionArg] = args(ctx, 'set', ['NAME', 'ALIAS', 'VERSION']);
  const bare = versionArg.startsWith(`${model}@`) ? versionArg.slice(model.length + 1) : versionArg;
  if (!/^\d+$/.test(bare) || Number(bare) < 1) throw new UsageError(`"${versionArg}" is not a version number: write the number the alias should point at, e.g. 3.`, `Usage: mlops model ${usage.set}`);
  const reason = requireReason(ctx, 'set');
  const { store, loaded } = openWorkspace(ctx);
  try {
    let event: AliasEvent;
    try {
      event = setAlias(store, loaded.config, {
        model,
        alias,
        version: Number(bare),
        reason,
        force: ctx.values.force === true,
        allowDifferentData: ctx.values['allow-different-data'] === true,
      });
    } catch (err) {
      if (err instanceof AliasUnchangedError) {
        if (ctx.json) ctx.out(toJsonText({ unchanged: true, model, alias, version: Number(bare) }, 2));
        else ctx.err(err.message);
        return 0;
      }
      // The gate failed: a check that failed (exit 1), with its table, and the alias where it was.
      if (err instanceof GateRefusedError) {
        if (ctx.json) ctx.out(toJsonText({ moved: false, gate: gateJson(err.gate) }, 2));
        else ctx.out(gateText(err.gate));
        ctx.err(`mlops model: ${err.message}`);
        return 1;
      }
      throw err;
    }
    const hook = await deploy(ctx, store, loaded.config, event);
    if (ctx.json) ctx.out(toJsonText({ moved: true, event: eventJson(event), deployHook: hook }, 2));
    else {
      if (event.gate) ctx.out(gateText(event.gate) + '\n');
      ctx.out(`${model}@${alias}: ${versionText(event.oldVersion)} -> ${event.newVersion}${event.forced ? ' (forced past the gate)' : ''}, by ${event.actor}: ${event.reason}`);
      if (hook) ctx.out(`Deploy hook exited ${hook.exitCode}${hook.exitCode ? ': the alias moved, but the deploy failed (its output is in the audit log)' : ''}.`);
    }
    // A failed deploy is a failed step: the move stands (it is recorded), CI sees exit 1.
    return hook && hook.exitCode !== 0 ? 1 : 0;
  } finally {
    store.close();
  }
}

function rm(ctx: CommandContext): number {
  const [model, alias] = args(ctx, 'rm', ['NAME', 'ALIAS']);
  const reason = requireReason(ctx, 'rm');
  const { store } = openStore(ctx);
  try {
    const event = removeAlias(store, { model, alias, reason });
    if (ctx.json) ctx.out(toJsonText(eventJson(event), 2));
    else ctx.out(`Removed ${model}@${alias} (was version ${event.oldVersion}), by ${event.actor}: ${event.reason}`);
    return 0;
  } finally {
    store.close();
  }
}

function history(ctx: CommandContext): number {
  const [model] = args(ctx, 'history', ['NAME']);
  const { store } = openStore(ctx);
  try {
    const alias = stringOption(ctx, 'alias');
    const events = aliasHistory(store, model, alias);
    if (ctx.json) ctx.out(toJsonText(events.map(eventJson), 2));
    else if (!events.length) ctx.err(alias ? `${model}@${alias} has never been set.` : `No alias of ${model} has moved yet.`);
    else {
      const gate = (e: AliasEvent) => (e.gate ? `${e.gate.passed ? 'passed' : 'failed'} (#${e.gate.id})` : '-');
      ctx.out(
        table(
          ['WHEN', 'ALIAS', 'FROM', 'TO', 'BY', 'GATE', 'FORCED', 'REASON'],
          events.map((e) => [formatTime(e.at), e.alias, versionText(e.oldVersion), versionText(e.newVersion), e.actor, gate(e), e.forced ? 'yes' : '', e.reason]),
        ),
      );
    }
    return 0;
  } finally {
    store.close();
  }
}

const actions: Record<string, (ctx: CommandContext) => number | Promise<number>> = { set, rm, history };

export const modelAliasVerb: ModelVerb = {
  name: 'alias',
  usage: 'alias set|rm|history NAME ...',
  forms: Object.values(usage),
  examples: [
    'mlops model alias set churn champion 4 --reason "beats v3 on the March holdout"',
    'mlops model alias rm churn canary --reason "canary finished"',
    'mlops model alias history churn --alias champion',
  ],
  options: { reason: { type: 'string' }, force: { type: 'boolean' }, 'allow-different-data': { type: 'boolean' }, alias: { type: 'string' } },
  optionHelp: {
    '--force': 'alias set: move a protected alias although the gate fails (recorded, with the reason)',
    '--allow-different-data': 'alias set: let the gate compare metrics computed on different evaluation data versions (recorded)',
    '--alias ALIAS': 'alias history: only this alias',
  },
  run(ctx) {
    const [action, ...rest] = ctx.args;
    const fn = action ? actions[action] : undefined;
    if (!fn) throw new UsageError(action ? `Unknown "model alias ${action}".` : 'Say what to do with the alias: set, rm or history.', usageHint(modelAliasVerb));
    return fn({ ...ctx, args: rest });
  },
};
