// `mlops remote list` and `mlops remote status [--remote NAME] [REF...]`: the object remotes
// mlops.json names, and what is to push, to pull and missing everywhere, in counts and bytes.
// Exit 2 for a remote or ref mlops.json or the store does not know, 1 when the remote cannot be reached.
import type { MlopsConfig } from '../../core/config/types';
import { defaultRemoteName, parseRemoteUrl, resolveRemote } from '../../core/remote/openRemote';
import { remoteStatus } from '../../core/remote/remoteStatus';
import { displayEndpoint } from '../../core/remote/s3Remote';
import { RemoteAccessError, RemoteConfigError, type RemoteStatus } from '../../core/remote/types';
import { EXIT, UsageError, type Command, type CommandContext } from '../command';
import { table } from '../table';
import { openStore, readWorkspaceConfig } from '../workspaceStore';
import { formatBytes } from './data';

const usage = 'mlops remote list [--json] | status [--remote NAME] [REF ...] [--json]';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function list(ctx: CommandContext, config: MlopsConfig, root: string): number {
  if (ctx.args.length > 1) throw new UsageError('remote list takes no argument.', `Usage: ${usage}`);
  const def = defaultRemoteName(config);
  const rows = Object.entries(config.remotes ?? {}).map(([name, rc]) => {
    const k = parseRemoteUrl(root, name, rc.url);
    const location = k.kind === 's3' ? k.url + (rc.endpoint ? ` (${displayEndpoint(rc.endpoint)})` : '') : k.root;
    return { name, kind: k.kind, location, default: name === def };
  });
  if (ctx.json) ctx.out(JSON.stringify(rows, null, 2));
  else if (!rows.length) ctx.err('No remotes: add one to mlops.json, e.g. "remotes": {"team": {"url": "s3://bucket/prefix"}} or {"team": {"url": "/mnt/shared/mlops"}}.');
  else ctx.out(table(['NAME', 'KIND', 'LOCATION', 'DEFAULT'], rows.map((r) => [r.name, r.kind, r.location, r.default ? 'yes' : ''])));
  return EXIT.ok;
}

function statusText(s: RemoteStatus): string {
  const lines = [
    `Remote ${s.remote} (${s.location}):`,
    `  to push: ${plural(s.toPush.count, 'object')} (${formatBytes(s.toPush.bytes)}) here and not on the remote`,
    `  to pull: ${plural(s.toPull.count, 'object')} (${formatBytes(s.toPull.bytes)}) on the remote and not here`,
  ];
  if (s.missingEverywhere.count) {
    lines.push(`  missing everywhere: ${plural(s.missingEverywhere.count, 'object')} records here need, neither here nor on the remote (a teammate who has them must push):`);
    for (const h of s.missingEverywhere.hashes.slice(0, 20)) lines.push(`    ${h}`);
    if (s.missingEverywhere.count > 20) lines.push(`    ... and ${s.missingEverywhere.count - 20} more (--json lists them all)`);
  } else lines.push('  missing everywhere: none');
  return lines.join('\n');
}

async function status(ctx: CommandContext, config: MlopsConfig, root: string): Promise<number> {
  const name = typeof ctx.values.remote === 'string' ? ctx.values.remote : undefined;
  const remote = resolveRemote(root, config, name);
  const { store } = openStore(ctx);
  try {
    const s = await remoteStatus(store, root, remote, ctx.args.slice(1));
    ctx.out(ctx.json ? JSON.stringify(s, null, 2) : statusText(s));
    return EXIT.ok;
  } finally {
    store.close();
    remote.close();
  }
}

export const remoteCommand: Command = {
  name: 'remote',
  summary: 'object remotes (S3 or a shared folder): list them, or what is to push, to pull and missing',
  usage,
  examples: ['mlops remote list', 'mlops remote status', 'mlops remote status --remote team train@3 churn@champion'],
  options: { remote: { type: 'string' } },
  optionHelp: { '--remote NAME': 'status: the remote (a key of "remotes" in mlops.json; default: the default remote)', 'REF ...': 'status: only what these runs, dataset versions or model versions need' },
  async run(ctx) {
    const verb = ctx.args[0];
    const root = ctx.workspace();
    const { config } = readWorkspaceConfig(root);
    try {
      if (verb === 'list') return list(ctx, config, root);
      if (verb === 'status') return await status(ctx, config, root);
    } catch (err) {
      if (err instanceof RemoteConfigError) throw new UsageError(err.message);
      if (err instanceof RemoteAccessError) {
        ctx.err(`mlops remote: ${err.message}`);
        return EXIT.checkFailed;
      }
      throw err;
    }
    throw new UsageError(verb ? `Unknown "remote ${verb}".` : 'remote needs list or status.', `Usage: ${usage}`);
  },
};
