// Finding the server binary from the settings. Pure: the file system is
// reached through `isExecutable`, so tests can stand in for it.
import * as path from 'path';

export interface ResolveEnv {
  /** The PATH environment variable. */
  pathEnv: string;
  /** The first workspace folder, for relative paths and ${workspaceFolder}. */
  workspaceFolder?: string;
  /** True when the path is a regular file this process may execute. */
  isExecutable(file: string): boolean;
}

export type Resolved =
  | { ok: true; command: string; args: string[] }
  | { ok: false; message: string };

export const DEFAULT_COMMAND = 'flakewise';

/** Resolves the `flakewise.server.path` setting to an executable file. */
export function resolveServer(setting: string | undefined, extraArgs: readonly string[], env: ResolveEnv): Resolved {
  const configured = (setting ?? '').trim() || DEFAULT_COMMAND;
  let candidate = configured;
  if (candidate.includes('${workspaceFolder}')) {
    if (!env.workspaceFolder) {
      return { ok: false, message: missingMessage(configured, 'it uses ${workspaceFolder}, but no folder is open') };
    }
    candidate = candidate.split('${workspaceFolder}').join(env.workspaceFolder);
  }
  const args = [...extraArgs];
  if (candidate.includes('/')) {
    if (!path.isAbsolute(candidate)) {
      if (!env.workspaceFolder) {
        return { ok: false, message: missingMessage(configured, 'it is a relative path, but no folder is open') };
      }
      candidate = path.resolve(env.workspaceFolder, candidate);
    }
    if (env.isExecutable(candidate)) return { ok: true, command: candidate, args };
    return { ok: false, message: missingMessage(configured, `${candidate} is not an executable file`) };
  }
  for (const dir of env.pathEnv.split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, candidate);
    if (env.isExecutable(file)) return { ok: true, command: file, args };
  }
  return { ok: false, message: missingMessage(configured, 'it is not on PATH') };
}

/** The error shown when the server cannot be found: what, why, and what to do. */
export function missingMessage(configured: string, why: string): string {
  return (
    `flakewise: the language server "${configured}" was not found (${why}). ` +
    'Install flakewise, or set "flakewise.server.path" to the binary; see the set-up instructions in the README.'
  );
}
