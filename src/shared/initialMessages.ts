/**
 * The id of the JSON data block in which a panel's page carries its first messages: written by the
 * host's webviewHtml, read by the webview's channel (webview/common/vscodeApi.ts).
 */
export const INITIAL_MESSAGES_ID = 'mlops-initial-messages';

/**
 * JSON for that data block: every '<' is written as \u003c, so no text in it ("</script>" in a run's
 * name) can end the element early; JSON.parse reads it back unchanged.
 */
export function jsonForHtml(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/**
 * The global a page's inline boot script leaves for the panel's bundle (the Metrics page's, see
 * src/extension/panels/metricsBoot.ts): the VS Code API it took and the messages it kept until the
 * bundle listens.
 */
export const BOOT_GLOBAL = 'mlopsBoot';
