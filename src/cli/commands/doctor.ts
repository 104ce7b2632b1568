import { formatProblem } from '../../core/config/loadConfig';
import { runDoctor } from '../../core/doctor/doctor';
import { EXIT, type Command } from '../command';

export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'check the runtime, the SQLite driver, the store and mlops.json',
  usage: 'mlops doctor',
  examples: ['mlops doctor', 'mlops doctor --json', 'mlops doctor --workspace examples/demo-workspace'],
  run(ctx) {
    const root = ctx.workspace({ orCwd: true });
    const r = runDoctor(root);
    if (ctx.json) {
      ctx.out(JSON.stringify(r, null, 2));
    } else {
      const rt = r.runtime;
      ctx.out(`workspace     ${r.workspace}`);
      ctx.out(`runtime       Node ${rt.node} (ABI ${rt.abi})${rt.electron ? `, Electron ${rt.electron}` : ''}, ${rt.platform}-${rt.arch}`);
      ctx.out(`sqlite driver ${r.store.driver ?? 'none'}`);
      ctx.out(`store         ${r.store.path}${r.store.exists ? '' : ' (not created yet: `mlops init` creates it)'}`);
      if (r.store.exists && r.store.schemaVersion !== undefined)
        ctx.out(`schema        version ${r.store.schemaVersion} (latest ${r.store.latestSchemaVersion})`);
      const c = r.config;
      ctx.out(`config        ${c.path} ${!c.exists ? '(missing: defaults in use)' : c.valid ? '(valid)' : `(${c.problems.length} problem${c.problems.length === 1 ? '' : 's'})`}`);
    }
    for (const p of r.config.problems) ctx.err(formatProblem(r.config.path, p));
    if (r.store.error) ctx.err(`store error: ${r.store.error}`);
    // A broken config is an input error (2); a store that cannot open is a failed check (1).
    if (!r.config.valid) return EXIT.usage;
    return r.ok ? EXIT.ok : EXIT.checkFailed;
  },
};
