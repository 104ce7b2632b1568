// The `mlops` executable (dist/cli.js): runs the CLI bundle (dist/cli-main.js) through V8's code
// cache. Compiling the 2 MB bundle, and then each function a command calls, was the largest part of
// every command's start; the cache made by one run lets the next skip it. The cache is a file per
// bundle build and V8 version in the user's cache folder (Node and the editor's Electron each get
// theirs); V8 itself refuses a cache that does not match the source, and then the bundle is simply
// compiled and the cache written again. Nothing here may fail a command: any trouble with the cache
// means compiling as if there were none. MLOPS_NO_CODE_CACHE=1 turns it off.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { Module, createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';

const bundle = path.join(__dirname, 'cli-main.js');

/**
 * Where this bundle's cache lives: keyed by the bundle's path, size and time and by the V8 running
 * it, one per verb, since each verb compiles functions of its own as it runs.
 */
export function codeCachePath(file: string, st: fs.Stats, argv: string[], env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  const key = createHash('sha256')
    .update(`${file}\0${st.size}\0${st.mtimeMs}\0${process.versions.v8}\0${process.arch}`)
    .digest('hex')
    .slice(0, 32);
  const verb = argv.find((a) => !a.startsWith('-')) ?? '';
  return path.join(base, 'mlops-workbench', 'code-cache', `cli-${key}-${/^[a-z]{1,20}$/.test(verb) ? verb : 'other'}.bin`);
}

function readCache(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/** A cache of another build (an older version, another editor's V8) unused for this long is removed. */
const STALE_MS = 14 * 24 * 3600 * 1000;

/**
 * Written whole or not at all (a temp file renamed), so a concurrent command never reads half of one.
 * Writing one also removes other builds' caches not written for two weeks (each build adds one file
 * per command), and temp files a killed command left.
 */
function writeCache(file: string, data: Buffer): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
  } catch {
    fs.rmSync(tmp, { force: true });
    return;
  }
  const dir = path.dirname(file);
  const build = path.basename(file).split('-').slice(0, 2).join('-');
  for (const name of fs.readdirSync(dir)) {
    if (name.startsWith(build) && !name.endsWith('.tmp')) continue;
    try {
      const p = path.join(dir, name);
      if (Date.now() - fs.statSync(p).mtimeMs > (name.endsWith('.tmp') ? 3600_000 : STALE_MS)) fs.rmSync(p, { force: true });
    } catch {
      /* another command removed it first */
    }
  }
}

function run(): void {
  const source = fs.readFileSync(bundle, 'utf8');
  const useCache = process.env.MLOPS_NO_CODE_CACHE !== '1';
  const cacheFile = useCache ? codeCachePath(bundle, fs.statSync(bundle), process.argv.slice(2)) : undefined;
  const cachedData = cacheFile ? readCache(cacheFile) : undefined;
  // The bundle runs as the CommonJS module it was built as: the same wrapper Node gives a file.
  // The bundle is built with no import() in it (esbuild.js): a script compiled from a code cache has no
  // dynamic-import handler, whatever importModuleDynamically says.
  const script = new vm.Script(Module.wrap(source.startsWith('#!') ? `//${source.slice(2)}` : source), { filename: bundle, cachedData });
  if (cacheFile && (!cachedData || script.cachedDataRejected)) {
    // Made at exit, so it holds the functions this command compiled too, not only the top level.
    process.once('exit', () => {
      try {
        writeCache(cacheFile, script.createCachedData());
      } catch {
        /* no cache this time */
      }
    });
  }
  const mod = new Module(bundle, module);
  mod.filename = bundle;
  const req = createRequire(bundle);
  // The bundle starts the CLI when it is the main module (`require.main === module`).
  Object.defineProperty(req, 'main', { value: mod });
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  wrapper.call(mod.exports, mod.exports, req, mod, bundle, path.dirname(bundle));
}

if (require.main === module) run();
