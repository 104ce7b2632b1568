// `mlops alerts [list|ack ID|snooze ID --until 2h|resolve ID] [--json]`: the alerts monitors raised,
// and their lifecycle from a terminal. Each change records the OS user and the time.
import { AlertError, alertEvents, changeAlert, effectiveState, getAlert, listAlerts, type Alert } from '../../core/monitors/alerts';
import { DurationError, parseDuration } from '../../core/monitors/duration';
import { UsageError, type Command, type CommandContext } from '../command';
import { table } from '../table';
import { formatTime } from '../time';
import { openStore } from '../workspaceStore';

const json = (a: Alert, now: number) => ({
  ...a,
  state: effectiveState(a, now),
  openedAt: new Date(a.openedAt).toISOString(),
  updatedAt: new Date(a.updatedAt).toISOString(),
  snoozedUntil: a.snoozedUntil === null ? null : new Date(a.snoozedUntil).toISOString(),
});

function list(ctx: CommandContext): number {
  if (ctx.args.length) throw new UsageError('alerts list takes no argument.', 'Usage: mlops alerts list [--all] [--monitor NAME] [--json]');
  const { store } = openStore(ctx);
  try {
    const now = Date.now();
    const alerts = listAlerts(store, { all: ctx.values.all === true, monitor: ctx.values.monitor as string | undefined });
    if (ctx.json) {
      ctx.out(JSON.stringify(alerts.map((a) => ({ ...json(a, now), events: alertEvents(store, a.id).map((e) => ({ ...e, at: new Date(e.at).toISOString() })) })), null, 2));
    } else if (!alerts.length) ctx.err(ctx.values.all ? 'No alerts.' : 'No open alerts (`mlops alerts list --all` includes resolved ones).');
    else {
      const state = (a: Alert) => {
        const s = effectiveState(a, now);
        return s === 'snoozed' ? `snoozed until ${formatTime(a.snoozedUntil!)}` : s;
      };
      ctx.out(table(['ID', 'MONITOR', 'STATE', 'OPENED', 'BY', 'SUMMARY'], alerts.map((a) => [String(a.id), a.monitor, state(a), formatTime(a.openedAt), a.updatedBy, a.summary])));
    }
    return 0;
  } finally {
    store.close();
  }
}

function change(state: 'acknowledged' | 'snoozed' | 'resolved') {
  return (ctx: CommandContext): number => {
    const verb = { acknowledged: 'ack', snoozed: 'snooze', resolved: 'resolve' }[state];
    const usage = `Usage: mlops alerts ${verb} ID${state === 'snoozed' ? ' --until 2h' : ''} [--note TEXT]`;
    if (ctx.args.length !== 1 || !/^\d+$/.test(ctx.args[0])) throw new UsageError(`Name one alert by its number (\`mlops alerts list\` shows them).`, usage);
    let until: number | undefined;
    if (state === 'snoozed') {
      const text = ctx.values.until as string | undefined;
      if (!text) throw new UsageError('snooze needs --until: how long, e.g. 30m, 2h, 1d.', usage);
      try {
        until = Date.now() + parseDuration(text, '--until');
      } catch (err) {
        if (err instanceof DurationError) throw new UsageError(err.message, usage);
        throw err;
      }
    }
    const { store } = openStore(ctx);
    try {
      const id = Number(ctx.args[0]);
      let a: Alert;
      try {
        a = changeAlert(store, id, { state, until, note: ctx.values.note as string | undefined });
      } catch (err) {
        if (err instanceof AlertError) throw new UsageError(err.message);
        throw err;
      }
      if (ctx.json) ctx.out(JSON.stringify(json(a, Date.now()), null, 2));
      else ctx.out(`Alert ${a.id} (${a.monitor}) ${state}${state === 'snoozed' ? ` until ${formatTime(a.snoozedUntil!)}` : ''} by ${a.updatedBy}.`);
      return 0;
    } finally {
      store.close();
    }
  };
}

function show(ctx: CommandContext): number {
  if (ctx.args.length !== 1 || !/^\d+$/.test(ctx.args[0])) throw new UsageError('Name one alert by its number.', 'Usage: mlops alerts show ID [--json]');
  const { store } = openStore(ctx);
  try {
    const a = getAlert(store, Number(ctx.args[0]));
    if (!a) throw new UsageError(`No alert ${ctx.args[0]}: \`mlops alerts list --all\` lists them.`);
    const events = alertEvents(store, a.id);
    if (ctx.json) ctx.out(JSON.stringify({ ...json(a, Date.now()), events: events.map((e) => ({ ...e, at: new Date(e.at).toISOString() })) }, null, 2));
    else ctx.out([`Alert ${a.id}, monitor ${a.monitor}, check ${a.checkId ?? '(deleted)'}: ${a.summary}`, '', table(['WHEN', 'STATE', 'BY', 'NOTE'], events.map((e) => [formatTime(e.at), e.state, e.actor, e.note]))].join('\n'));
    return 0;
  } finally {
    store.close();
  }
}

const verbs: Record<string, (ctx: CommandContext) => number> = { list, show, ack: change('acknowledged'), snooze: change('snoozed'), resolve: change('resolved') };

export const alertsCommand: Command = {
  name: 'alerts',
  summary: 'alerts raised by monitors: list, show, ack, snooze, resolve',
  usage: 'mlops alerts [list [--all] [--monitor NAME]] | show ID | ack ID | snooze ID --until 2h | resolve ID [--note TEXT]',
  examples: ['mlops alerts', 'mlops alerts ack 3', 'mlops alerts snooze 3 --until 6h', 'mlops alerts resolve 3 --note "retrained on batch 7"', 'mlops alerts list --all --json'],
  options: { all: { type: 'boolean' }, monitor: { type: 'string' }, until: { type: 'string' }, note: { type: 'string' } },
  optionHelp: {
    '--all': 'list: include resolved alerts',
    '--monitor NAME': "list: only this monitor's alerts",
    '--until D': 'snooze: for how long (30m, 2h, 1d); the alert counts as open again afterwards',
    '--note TEXT': 'ack, snooze, resolve: a note kept with the change',
  },
  run(ctx) {
    const [verb = 'list', ...args] = ctx.args;
    const fn = verbs[verb];
    if (!fn) throw new UsageError(`Unknown "alerts ${verb}".`, `Usage: ${this.usage}`);
    return fn({ ...ctx, args });
  },
};
