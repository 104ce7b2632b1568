import { version } from '../../package.json';
import { CorruptObjectError, MissingObjectError } from '../core/data/objectQuarantine';
import { RegistryError } from '../core/registry/types';
import { RemoteAccessError, RemoteConfigError } from '../core/remote/types';
import { TeamAdminError, TeamUnavailableError } from '../core/team/teamErrors';
import { TeamAccessError, TeamConfigError, TeamConflictError } from '../core/team/types';
import { diskFullMessage, isDiskFull } from '../core/store/diskFull';
import { DriverUnavailableError } from '../core/store/driver';
import { StoreFileError } from '../core/store/storeFile';
import { EXIT, UsageError, makeContext, parseCommandArgs } from './command';
import { commands } from './commands/index';
import { commandHelp, mainHelp } from './help';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

const stdio: Io = {
  out: (t) => process.stdout.write(t + '\n'),
  err: (t) => process.stderr.write(t + '\n'),
};

/** Runs one `mlops` invocation and returns its exit code; never calls process.exit itself. */
export async function main(argv: string[], cwd = process.cwd(), io: Io = stdio): Promise<number> {
  const first = argv.findIndex((a) => !a.startsWith('-'));
  const name = first >= 0 ? argv[first] : undefined;
  if (!name) {
    if (argv.includes('--version') || argv.includes('-V')) {
      io.out(version);
      return EXIT.ok;
    }
    if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) {
      io.out(mainHelp(commands, version));
      return EXIT.ok;
    }
    io.err(`mlops: unknown option ${argv[0]}\nRun \`mlops --help\` for the commands.`);
    return EXIT.usage;
  }
  const command = name === 'help' ? undefined : commands.find((c) => c.name === name);
  if (name === 'help') {
    const target = commands.find((c) => c.name === argv[first + 1]);
    io.out(target ? commandHelp(target) : mainHelp(commands, version));
    return EXIT.ok;
  }
  if (!command) {
    const near = commands.filter((c) => c.name.startsWith(name.slice(0, 2))).map((c) => c.name);
    io.err(`mlops: unknown command "${name}".${near.length ? ` Did you mean: ${near.join(', ')}?` : ''}\nRun \`mlops --help\` for the commands.`);
    return EXIT.usage;
  }
  const own = [...argv.slice(0, first), ...argv.slice(first + 1)];
  const dashes = own.indexOf('--');
  const rest = dashes >= 0 ? own.slice(dashes + 1) : [];
  // `mlops run -- python train.py --debug`: only the options before `--` are mlops's.
  const debug = (dashes >= 0 ? own.slice(0, dashes) : own).includes('--debug');
  try {
    const { values, positionals } = parseCommandArgs(command, dashes >= 0 ? own.slice(0, dashes) : own);
    if (values.help) {
      io.out(commandHelp(command));
      return EXIT.ok;
    }
    return await command.run(makeContext(values, positionals, rest, cwd, io));
  } catch (err) {
    // Bad input to the registry, the gate or lineage (an unknown model, alias or version, a version in use): nothing was changed.
    if (err instanceof RegistryError) {
      io.err(`mlops ${command.name}: ${err.message}`);
      return EXIT.usage;
    }
    if (err instanceof UsageError) {
      io.err(`mlops ${command.name}: ${err.message}${err.hint ? `\n${err.hint}` : ''}`);
      return EXIT.usage;
    }
    // A remote mlops.json names wrongly (or a ref that names nothing): bad input; one that cannot be reached or refused: a failed operation.
    if (err instanceof RemoteConfigError) {
      io.err(`mlops ${command.name}: ${err.message}`);
      return EXIT.usage;
    }
    if (err instanceof RemoteAccessError) {
      io.err(`mlops ${command.name}: ${err.message}`);
      return EXIT.checkFailed;
    }
    // The team store: not configured or not usable as written is bad input; refused (a role), unreachable
    // or holding other content under the same id is a failed operation (push, pull and team map their own too).
    if (err instanceof TeamConfigError) {
      io.err(`mlops ${command.name}: ${err.message}`);
      return EXIT.usage;
    }
    if (err instanceof TeamAccessError || err instanceof TeamUnavailableError || err instanceof TeamConflictError || err instanceof TeamAdminError) {
      io.err(`mlops ${command.name}: ${err.message}`);
      return EXIT.checkFailed;
    }
    // An object that fails its hash (quarantined) or is gone: a failed integrity check, not bad input.
    if (err instanceof CorruptObjectError || err instanceof MissingObjectError) {
      io.err(`mlops ${command.name}: ${err.message}`);
      return EXIT.checkFailed;
    }
    // A store.db that is empty, truncated, not SQLite, damaged or read-only: named with its fix, never replaced.
    if (err instanceof StoreFileError) {
      io.err(`mlops ${command.name}: ${err.message}`);
      return EXIT.usage;
    }
    if (err instanceof DriverUnavailableError) {
      io.err(`mlops ${command.name}: ${err.message}`);
      return EXIT.checkFailed;
    }
    // A full disk: what to do, not a stack; every store write rolled back, every temp file removed.
    if (isDiskFull(err)) {
      io.err(`mlops ${command.name}: ${diskFullMessage(err)}\nFree some space (large files, old runs with \`mlops runs delete\`, unreferenced objects with \`mlops data gc\`) and run it again (exit code ${EXIT.diskFull}).`);
      return EXIT.diskFull;
    }
    io.err(internalError(`mlops ${command.name}`, err, debug));
    return EXIT.internal;
  }
}

/** An error no command expected: one line, the stack only with --debug, never exit 1 ("a check failed"). */
export function internalError(prefix: string, err: unknown, debug: boolean): string {
  const what = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  if (debug && err instanceof Error && err.stack) return `${prefix}: internal error: ${err.stack}`;
  return `${prefix}: internal error: ${what}\nThis is a bug in mlops, or a file it could not read as expected. Add --debug to see the stack trace (exit code ${EXIT.internal}).`;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(internalError('mlops', err, process.argv.includes('--debug')) + '\n');
      process.exitCode = EXIT.internal;
    },
  );
}
