// `mlops model download NAME@REF --to PATH`: the artifact out of the object cache, hash-checked.
import * as path from 'node:path';
import { downloadModelVersion } from '../../core/registry/downloadModelVersion';
import { resolveModelRef } from '../../core/registry/modelVersions';
import { UsageError } from '../command';
import { openStore } from '../workspaceStore';
import { positionals, stringOption, usageHint, type ModelVerb } from './modelVerb';

export const modelDownloadVerb: ModelVerb = {
  name: 'download',
  usage: 'download NAME@REF --to PATH',
  examples: ['mlops model download churn@champion --to deploy/model'],
  options: { to: { type: 'string' } },
  optionHelp: { '--to PATH': 'download: where to put the file or folder (a new path, or an empty folder)' },
  async run(ctx) {
    const [ref] = positionals(ctx, modelDownloadVerb, ['NAME@REF']);
    const to = stringOption(ctx, 'to');
    if (!to) throw new UsageError('download needs --to PATH: where to put the artifact.', usageHint(modelDownloadVerb));
    const { store } = openStore(ctx);
    try {
      const v = resolveModelRef(store, ref);
      const written = await downloadModelVersion(store, `${v.model}@${v.version}`, path.resolve(ctx.cwd, to));
      if (ctx.json) ctx.out(JSON.stringify({ ref: `${v.model}@${v.version}`, path: written, kind: v.artifact.kind, hash: v.artifact.hash, size: v.artifact.size }, null, 2));
      else ctx.out(`${v.model}@${v.version} (${v.artifact.kind} ${v.artifact.path}, sha256 ${v.artifact.hash.slice(0, 12)}, checked) written to ${written}`);
      return 0;
    } finally {
      store.close();
    }
  },
};
