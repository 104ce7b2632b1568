// `mlops model tag NAME@REF K=V ... [--rm K ...]`: tags are a version's one mutable part.
import { tagModelVersion } from '../../core/registry/modelTags';
import { UsageError } from '../command';
import { openStore } from '../workspaceStore';
import { listOption, parseTags, versionJson, usageHint, type ModelVerb } from './modelVerb';

export const modelTagVerb: ModelVerb = {
  name: 'tag',
  usage: 'tag NAME@REF K=V ... [--rm K ...]',
  examples: ['mlops model tag churn@3 reviewed=yes --rm draft'],
  options: { rm: { type: 'string', multiple: true } },
  optionHelp: { '--rm K': 'tag: remove tag K (repeatable)' },
  run(ctx) {
    const [ref, ...pairs] = ctx.args;
    const removed = listOption(ctx, 'rm');
    if (!ref || (!pairs.length && !removed.length)) {
      throw new UsageError('tag needs a version and at least one KEY=VALUE or --rm KEY.', usageHint(modelTagVerb));
    }
    const tags: Record<string, string | null> = parseTags(pairs, modelTagVerb);
    for (const k of removed) {
      if (k in tags) throw new UsageError(`Tag ${k} is both set and removed: say one.`);
      tags[k] = null;
    }
    const { store } = openStore(ctx);
    try {
      const v = tagModelVersion(store, ref, tags);
      if (ctx.json) ctx.out(JSON.stringify(versionJson(v), null, 2));
      else {
        const list = Object.entries(v.tags).map(([k, x]) => `${k}=${x}`);
        ctx.out(`${v.model}@${v.version} tags: ${list.length ? list.join(', ') : '(none)'}`);
      }
      return 0;
    } finally {
      store.close();
    }
  },
};
