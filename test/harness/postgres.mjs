// A throwaway PostgreSQL cluster for tests of the team store: one per test file, on a free loopback
// port, data and unix socket in a temp dir, removed by stop(). The superuser "postgres" connects
// without a password (trust); every other login needs its password (md5), so tests can check what a
// teammate's role may do and what a wrong password reports.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { aptInstall } from './provision.mjs';

const run = promisify(execFile);
const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;
const SUPERUSER = 'postgres';

async function findBindir() {
  const candidates = [];
  try {
    const { stdout } = await run('pg_config', ['--bindir']);
    candidates.push(stdout.trim());
  } catch {
    // pg_config comes with libpq-dev; the server's own bin dir is enough.
  }
  if (existsSync('/usr/lib/postgresql')) {
    const versions = readdirSync('/usr/lib/postgresql').filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => `/usr/lib/postgresql/${v}/bin`));
  }
  return candidates.find((dir) => existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'pg_ctl')));
}

async function ensureBindir() {
  const found = await findBindir();
  if (found) return found;
  if (!isRoot()) {
    throw new Error('PostgreSQL (initdb, pg_ctl) is missing and cannot be installed without root. Fix: sudo apt-get install -y postgresql');
  }
  process.stderr.write('[postgres] installing Debian postgresql (apt-get install -y postgresql)\n');
  await aptInstall(['postgresql']);
  const installed = await findBindir();
  if (!installed) throw new Error('apt-get install postgresql finished but no initdb was found under /usr/lib/postgresql/*/bin');
  return installed;
}

/** PostgreSQL refuses to run as root: as root, run its tools as the postgres user. */
function asServerUser(cmd, args) {
  return isRoot() ? ['runuser', ['-u', SUPERUSER, '--', cmd, ...args]] : [cmd, args];
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const HBA = `# written by test/harness/postgres.mjs
local all all trust
host all ${SUPERUSER} 127.0.0.1/32 trust
host all all 127.0.0.1/32 md5
`;

/**
 * Starts a cluster. Returns { url, port, createDatabase(name) -> url, createLogin(name, password),
 * urlFor(user, password, db), stop() }. url is the superuser's (postgresql://postgres@127.0.0.1:PORT/postgres).
 */
export async function startPostgres() {
  const bindir = await ensureBindir();
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mlops-pg-'));
  const data = path.join(dir, 'data');
  const logFile = path.join(dir, 'server.log');
  let stopped = false;
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  const exec = (cmd, args) => {
    const [c, a] = asServerUser(path.join(bindir, cmd), args);
    return run(c, a, { cwd: dir, maxBuffer: 16 << 20 });
  };
  // A test that crashes before stop() must not leave a server running on the shared machine.
  const stopSync = () => {
    if (stopped) return;
    stopped = true;
    try {
      const [c, a] = asServerUser(path.join(bindir, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']);
      execFileSync(c, a, { cwd: dir, stdio: 'ignore' });
    } catch {
      // not started, or already gone
    }
    removeDir();
  };
  // Nor one killed by a signal (a test runner's timeout): stop the server, then die of the signal as before.
  const onSignal = (signal) => {
    stopSync();
    process.kill(process.pid, signal);
  };
  process.once('exit', stopSync);
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, onSignal);

  if (isRoot()) {
    try {
      await run('id', ['-u', SUPERUSER]);
    } catch {
      stopSync();
      throw new Error(`PostgreSQL refuses to run as root, and there is no "${SUPERUSER}" user to run it as. Fix: useradd --system ${SUPERUSER} (Debian's postgresql package creates it), or run the tests as a normal user.`);
    }
  }
  try {
    if (isRoot()) await run('chown', [`${SUPERUSER}:`, dir]);
    await exec('initdb', ['-D', data, '-U', SUPERUSER, '-A', 'trust', '-E', 'UTF8', '--no-sync', '--locale=C']);
    await fs.writeFile(path.join(data, 'pg_hba.conf'), HBA);
    if (isRoot()) await run('chown', [`${SUPERUSER}:`, path.join(data, 'pg_hba.conf')]);
  } catch (err) {
    stopSync();
    throw new Error(`initdb failed in ${data}: ${err.stderr || err.message}`);
  }

  // Another process may take the port between our probe and the server's bind: try a few.
  let port;
  let lastError;
  for (let attempt = 0; attempt < 5 && port === undefined; attempt++) {
    const candidate = await freePort();
    const opts = [
      `-p ${candidate}`, `-k ${dir}`, '-c listen_addresses=127.0.0.1',
      '-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off', '-c max_connections=60',
    ].join(' ');
    try {
      await exec('pg_ctl', ['-D', data, '-o', opts, '-l', logFile, '-w', '-t', '60', 'start']);
      port = candidate;
    } catch (err) {
      const log = await fs.readFile(logFile, 'utf8').catch(() => '');
      lastError = `${err.stderr || err.message}\n${log}`;
      if (!/could not bind|Address already in use/i.test(log)) break;
    }
  }
  if (port === undefined) {
    stopSync();
    throw new Error(`pg_ctl start failed: ${lastError}`);
  }

  const urlFor = (user, password, db = 'postgres') => {
    const auth = password === undefined ? encodeURIComponent(user) : `${encodeURIComponent(user)}:${encodeURIComponent(password)}`;
    return `postgresql://${auth}@127.0.0.1:${port}/${encodeURIComponent(db)}`;
  };
  const url = urlFor(SUPERUSER);

  async function superuserQuery(sql) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await client.query(sql);
    } finally {
      await client.end();
    }
  }

  return {
    url,
    port,
    dir,
    urlFor,
    async createDatabase(name) {
      await superuserQuery(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
      return urlFor(SUPERUSER, undefined, name);
    },
    /** A login role with a password (cluster-wide: every database of this cluster sees it). */
    async createLogin(name, password) {
      const role = pg.escapeIdentifier(name);
      const pw = pg.escapeLiteral(password);
      await superuserQuery(`DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${pg.escapeLiteral(name)}) THEN ALTER ROLE ${role} LOGIN PASSWORD ${pw};
        ELSE CREATE ROLE ${role} LOGIN PASSWORD ${pw}; END IF; END $$`);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      process.removeListener('exit', stopSync);
      for (const signal of ['SIGINT', 'SIGTERM']) process.removeListener(signal, onSignal);
      try {
        await exec('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        await fs.rm(dir, { recursive: true, force: true });
      }
    },
  };
}
