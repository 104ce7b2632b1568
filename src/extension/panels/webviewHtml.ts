import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { escapeHtml } from '../../shared/escapeHtml';
import { INITIAL_MESSAGES_ID, jsonForHtml } from '../../shared/initialMessages';

/**
 * The HTML shell of every panel: a strict Content-Security-Policy (nothing by default, scripts only
 * by nonce, no eval; vega runs through its AST interpreter), the panel's bundle and the shared CSS.
 * Inline styles are allowed because vega's SVG renderer and the web components set style attributes.
 * `initial` messages travel inside the page as a JSON data block (never executed, so the CSP has no
 * say): the webview has them as its script starts, one round trip through the workbench sooner than
 * the ready handshake would bring them. A `boot` script runs inline (by the same nonce) before the
 * bundle: see metricsBoot.ts.
 */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, bundle: string, title: string, initial: readonly unknown[] = [], boot?: string): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', `${bundle}.js`));
  const css = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'webview.css'));
  const csp = [
    `default-src 'none'`,
    `img-src ${webview.cspSource} data: blob:`,
    `style-src ${webview.cspSource} 'unsafe-inline'`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${css.toString()}">
  <title>${escapeHtml(title)}</title>
</head>
<body>
  <main id="app" aria-busy="true"></main>
${initial.length ? `  <script type="application/json" id="${INITIAL_MESSAGES_ID}">${jsonForHtml(initial)}</script>\n` : ''}${boot ? `  <script nonce="${nonce}">${boot}</script>\n` : ''}  <script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}
