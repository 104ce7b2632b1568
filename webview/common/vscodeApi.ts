import { BOOT_GLOBAL, INITIAL_MESSAGES_ID } from '../../src/shared/initialMessages';

// The one handle a webview has on its host, typed by the panel's protocol. acquireVsCodeApi may be
// called only once per page, so every panel goes through this wrapper.

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** What the page's inline boot script left (src/extension/panels/metricsBoot.ts). */
interface Boot {
  api: VsCodeApi;
  early: unknown[];
  keep: (event: MessageEvent) => void;
}

export interface HostChannel<ToHost, ToWebview, State> {
  post(message: ToHost): void;
  /**
   * Registers the handler for validated messages; malformed ones are dropped with a console warning.
   * The messages the host put in the page (webviewHtml's data block) reach it first, before this returns.
   */
  listen(handler: (message: ToWebview) => void): void;
  state(): State | undefined;
  saveState(state: State): void;
  /** Whether the page's inline boot script already said 'ready' (then the bundle does not). */
  readonly bootSaidReady: boolean;
}

/** The messages the host put in the page, taken once (the block is removed). */
function initialMessages(): unknown[] {
  const block = document.getElementById(INITIAL_MESSAGES_ID);
  if (!block) return [];
  block.remove();
  try {
    const parsed: unknown = JSON.parse(block.textContent ?? '[]');
    return Array.isArray(parsed) ? parsed : [];
  } catch (err) {
    console.warn('MLOps webview: the page\'s initial messages are not JSON', err);
    return [];
  }
}

export function connect<ToHost, ToWebview, State>(parse: (raw: unknown) => ToWebview | undefined): HostChannel<ToHost, ToWebview, State> {
  const boot = (window as unknown as Record<string, Boot | undefined>)[BOOT_GLOBAL];
  const api = boot?.api ?? acquireVsCodeApi();
  return {
    post: (message) => api.postMessage(message),
    listen(handler) {
      const take = (raw: unknown) => {
        const message = parse(raw);
        if (message) handler(message);
        else console.warn('MLOps webview: dropped an unknown or malformed message', raw);
      };
      // In one task: the boot script's keeper stops as this listener starts, so nothing is lost or
      // taken twice; what it kept came after the page's own messages.
      window.addEventListener('message', (event: MessageEvent) => take(event.data));
      if (boot) window.removeEventListener('message', boot.keep);
      for (const raw of [...initialMessages(), ...(boot?.early.splice(0) ?? [])]) take(raw);
    },
    state: () => (api.getState() as State | undefined) ?? undefined,
    saveState: (state) => api.setState(state),
    bootSaidReady: boot !== undefined,
  };
}
