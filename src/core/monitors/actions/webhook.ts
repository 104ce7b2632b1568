// The webhook action: an HTTP POST of the check's summary as JSON. Slack, Teams and most chat tools
// show the `text` field. A failure (no answer, a refused connection, a non-2xx status) is returned,
// never thrown: a chat being down must not fail the check that found the drift.
import * as http from 'node:http';
import * as https from 'node:https';
import type { CheckSummary } from '../checkSummary';

export interface WebhookResult {
  ok: boolean;
  /** The URL with any credentials and query left out, safe to print. */
  target: string;
  status?: number;
  error?: string;
}

/** ${env:NAME} replaced from `env`; a variable that is not set is an error naming it. */
export function expandEnv(text: string, env: NodeJS.ProcessEnv): string {
  return text.replace(/\$\{env:([^}]*)\}/g, (_m, name: string) => {
    const value = env[name];
    if (value === undefined) throw new Error(`environment variable ${name} is not set (the webhook URL uses \${env:${name}})`);
    return value;
  });
}

/** Origin and path only: the query or a token in the path of a chat webhook is its secret. */
function shown(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname.split('/').slice(0, 2).join('/')}${url.pathname.split('/').length > 2 ? '/...' : ''}`;
}

export function postWebhook(urlTemplate: string, summary: CheckSummary, opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<WebhookResult> {
  let url: URL;
  try {
    url = new URL(expandEnv(urlTemplate, opts.env ?? process.env));
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`"${url.protocol}" is not http or https`);
  } catch (err) {
    return Promise.resolve({ ok: false, target: urlTemplate, error: `bad webhook URL: ${(err as Error).message}` });
  }
  const body = Buffer.from(JSON.stringify(summary));
  const target = shown(url);
  const timeoutMs = opts.timeoutMs ?? 10_000;
  return new Promise((resolve) => {
    const client = url.protocol === 'https:' ? https : http;
    // agent: false: a one-off POST leaves no keep-alive socket holding the process open.
    const req = client.request(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': body.length, 'user-agent': 'mlops-workbench' } }, (res) => {
      res.resume();
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        resolve(status >= 200 && status < 300 ? { ok: true, target, status } : { ok: false, target, status, error: `HTTP ${status}` });
      });
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    req.on('error', (err) => resolve({ ok: false, target, error: err.message }));
    req.end(body);
  });
}
