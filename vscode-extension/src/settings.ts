// What the extension sends to the server as settings. Pure: no `vscode`
// import, so node's test runner can load it.

/** Settings under these keys configure the extension itself, not the server. */
export const CLIENT_ONLY_PREFIXES = ['server.', 'trace.'];

/**
 * The keys (without the leading "flakewise.") of the contributed settings
 * that go to the server, from package.json's contributes.configuration.
 * A new server setting needs only a new entry in package.json.
 */
export function serverSettingKeys(properties: Record<string, unknown>): string[] {
  return Object.keys(properties)
    .filter((k) => k.startsWith('flakewise.'))
    .map((k) => k.slice('flakewise.'.length))
    .filter((k) => !CLIENT_ONLY_PREFIXES.some((p) => k.startsWith(p)))
    .sort();
}

/**
 * The settings object for the server: each dotted key becomes a nested
 * object, e.g. "diagnostics.disabled" -> { diagnostics: { disabled } }.
 * Keys whose value is undefined are left out.
 */
export function buildServerSettings(
  keys: readonly string[],
  read: (key: string) => unknown,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const value = read(key);
    if (value === undefined) continue;
    const parts = key.split('.');
    let node = out;
    for (const part of parts.slice(0, -1)) {
      const next = node[part];
      if (typeof next !== 'object' || next === null || Array.isArray(next)) node[part] = {};
      node = node[part] as Record<string, unknown>;
    }
    node[parts[parts.length - 1]] = value;
  }
  return out;
}

/** What a configuration change needs: a restart, a settings notification, or nothing. */
export function reactionTo(affects: (section: string) => boolean): 'restart' | 'notify' | 'none' {
  if (affects('flakewise.server')) return 'restart';
  if (affects('flakewise')) return 'notify';
  return 'none';
}
