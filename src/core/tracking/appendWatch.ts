import * as fs from 'node:fs';

/**
 * Calls `onAppend` soon after a file changes, once per burst of writes (a run flushing many lines),
 * so what a run logs is ingested as it lands rather than at the launcher's next tick. Where fs.watch
 * is unavailable or fails (inotify exhausted, some network file systems) it watches nothing: the
 * caller's interval still ingests.
 */
export function watchAppends(file: string, onAppend: () => void, burstMs = 20): { close(): void } {
  let soon: NodeJS.Timeout | undefined;
  let watcher: fs.FSWatcher | undefined;
  const close = () => {
    clearTimeout(soon);
    soon = undefined;
    watcher?.close();
    watcher = undefined;
  };
  try {
    watcher = fs.watch(file, { persistent: false }, () => {
      soon ??= setTimeout(() => {
        soon = undefined;
        onAppend();
      }, burstMs);
    });
    watcher.on('error', close);
  } catch {
    watcher = undefined;
  }
  return { close };
}
