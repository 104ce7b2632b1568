// `mlops model export NAME@REF --to FILE.tar [--with-data]` and `mlops model import FILE.tar`: a model
// version with its run, data manifests, lineage, audit entries and card, shared without a server.
import * as path from 'node:path';
import { exportModel } from '../../core/registry/modelArchiveExport';
import { importModel } from '../../core/registry/modelArchiveImport';
import { UsageError } from '../command';
import { openStore, openWorkspace } from '../workspaceStore';
import { positionals, stringOption, type ModelVerb } from './modelVerb';

export const modelExportVerb: ModelVerb = {
  name: 'export',
  usage: 'export NAME@REF --to FILE.tar [--with-data] [--json]',
  examples: ['mlops model export churn@champion --to churn.tar', 'mlops model export churn@3 --to churn-3.tar --with-data'],
  options: { to: { type: 'string' }, 'with-data': { type: 'boolean' } },
  optionHelp: {
    '--to FILE.tar': 'export: the archive to write (through a temp file: it is whole or not there)',
    '--with-data': 'export: the data of the dataset versions the run read goes into the archive too (import then records those versions)',
  },
  async run(ctx) {
    const [ref] = positionals(ctx, modelExportVerb, ['NAME@REF']);
    const to = stringOption(ctx, 'to');
    if (!to) throw new UsageError('model export: say where to write the archive with --to FILE.tar.', `Usage: mlops model ${modelExportVerb.usage}`);
    const ws = openWorkspace(ctx);
    try {
      const s = await exportModel(ws.store, ws.loaded.config, ref, path.resolve(ctx.cwd, to), { withData: ctx.values['with-data'] === true });
      if (ctx.json) {
        ctx.out(JSON.stringify(s, null, 2));
        return 0;
      }
      const data = s.datasets.length ? `; data: ${s.datasets.map((d) => `${d.ref}${d.dataIncluded ? '' : ' (manifest only)'}`).join(', ')}` : '';
      ctx.out(`Exported ${s.model}@${s.version} to ${s.file}: ${s.objects} object(s) of ${s.bytes} bytes${s.runId ? `, run ${s.runId}` : ''}${data}, ${s.auditEntries} audit entries, the model card.`);
      if (s.datasets.some((d) => !d.dataIncluded)) ctx.out('The data itself is not in the archive: add --with-data to include it.');
      return 0;
    } finally {
      ws.store.close();
    }
  },
};

export const modelImportVerb: ModelVerb = {
  name: 'import',
  usage: 'import FILE.tar [--json]',
  examples: ['mlops model import churn.tar'],
  async run(ctx) {
    const [file] = positionals(ctx, modelImportVerb, ['FILE.tar']);
    const { store } = openStore(ctx);
    try {
      const s = await importModel(store, path.resolve(ctx.cwd, file));
      if (ctx.json) {
        ctx.out(JSON.stringify(s, null, 2));
        return 0;
      }
      ctx.out(`Imported ${s.model}@${s.originalVersion} of ${s.sourceWorkspace} as ${s.model}@${s.version} (every object checked against its SHA-256).`);
      if (s.runId) ctx.out(s.runCreated ? `Its run ${s.runId} is recorded here with its params, metrics and tags.` : `Its run ${s.runId} was already here.`);
      for (const d of s.datasets) {
        ctx.out(d.recorded ? `Dataset version ${d.ref} is recorded here as ${d.recorded}.` : `Dataset version ${d.ref}: only its manifest came along, so it is not recorded here (export with --with-data to bring its data).`);
      }
      return 0;
    } finally {
      store.close();
    }
  },
};
