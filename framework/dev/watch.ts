/** Rebuilds the app when its sources change (fs.watch, debounced; dist/, .gfa/ and node_modules/ ignored). */
import { watch, type FSWatcher } from 'node:fs';

const IGNORED = /^(?:dist|\.gfa|node_modules|\.git)(?:[\\/]|$)/;

/** Calls `onChange` once per burst of changes, never while a previous call is still running. */
export function watchSources(appDir: string, onChange: () => Promise<void>, debounceMs = 250): { close(): void } {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  const fire = (): void => {
    if (running) {
      again = true;
      return;
    }
    running = onChange()
      .catch(() => {})
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          fire();
        }
      });
  };
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(appDir, { recursive: true }, (_event, name) => {
      if (name !== null && IGNORED.test(name.toString())) return;
      clearTimeout(timer);
      timer = setTimeout(fire, debounceMs);
    });
    watcher.on('error', () => {});
  } catch {
    // Recursive watching is unsupported on some file systems; dev still works without rebuilds.
  }
  return {
    close() {
      clearTimeout(timer);
      watcher?.close();
    },
  };
}
