// `mlops model delete NAME@REF --reason TEXT`: refused while an alias holds the version.
import { deleteModelVersion } from '../../core/registry/deleteModelVersion';
import { resolveModelRef } from '../../core/registry/modelVersions';
import { UsageError } from '../command';
import { openStore } from '../workspaceStore';
import { positionals, stringOption, usageHint, type ModelVerb } from './modelVerb';

export const modelDeleteVerb: ModelVerb = {
  name: 'delete',
  usage: 'delete NAME@REF --reason TEXT',
  examples: ['mlops model delete churn@2 --reason "trained on the leaked split"'],
  options: { reason: { type: 'string' } },
  optionHelp: { '--reason TEXT': 'delete, alias: why (required; kept in the audit log and the alias history)' },
  run(ctx) {
    const [ref] = positionals(ctx, modelDeleteVerb, ['NAME@REF']);
    const reason = stringOption(ctx, 'reason');
    if (!reason?.trim()) throw new UsageError('delete needs --reason TEXT: it is kept in the audit log.', usageHint(modelDeleteVerb));
    const { store } = openStore(ctx);
    try {
      // The number, not the alias or latest: what was deleted is said exactly.
      const v = resolveModelRef(store, ref);
      const name = `${v.model}@${v.version}`;
      deleteModelVersion(store, name, reason);
      if (ctx.json) ctx.out(JSON.stringify({ deleted: name, artifact: v.artifact }, null, 2));
      else ctx.out(`Deleted ${name}. Its artifact stays in the object cache until \`mlops data gc\` finds nothing else using it; the number ${v.version} is not reused.`);
      return 0;
    } finally {
      store.close();
    }
  },
};
