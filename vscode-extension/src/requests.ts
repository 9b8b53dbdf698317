// Custom requests of the extension and how their outcome is shown. Pure.

export const OPTION_TREE_METHOD = 'flakewise/optionTree';

/** JSON-RPC's "method not found". */
const METHOD_NOT_FOUND = -32601;

/** The message for a failed custom request, with the server's own words. */
export function requestFailureMessage(what: string, method: string, error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const said =
    typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string'
      ? (error as { message: string }).message
      : String(error);
  if (code === METHOD_NOT_FOUND) {
    return `flakewise: this version of the server cannot show ${what} yet (${method}: ${said}).`;
  }
  return `flakewise: ${what} failed: ${said}`;
}

/** The text of the document that shows a request's result. */
export function resultDocument(result: unknown): string {
  return JSON.stringify(result ?? null, null, 2) + '\n';
}
