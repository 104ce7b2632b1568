// The one handle a webview has on its host, typed by the panel's protocol. acquireVsCodeApi may be
// called only once per page, so every panel goes through this wrapper.

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export interface HostChannel<ToHost, ToWebview, State> {
  post(message: ToHost): void;
  /** Registers the handler for validated messages; malformed ones are dropped with a console warning. */
  listen(handler: (message: ToWebview) => void): void;
  state(): State | undefined;
  saveState(state: State): void;
}

export function connect<ToHost, ToWebview, State>(parse: (raw: unknown) => ToWebview | undefined): HostChannel<ToHost, ToWebview, State> {
  const api = acquireVsCodeApi();
  return {
    post: (message) => api.postMessage(message),
    listen(handler) {
      window.addEventListener('message', (event: MessageEvent) => {
        const message = parse(event.data);
        if (message) handler(message);
        else console.warn('MLOps webview: dropped an unknown or malformed message', event.data);
      });
    },
    state: () => (api.getState() as State | undefined) ?? undefined,
    saveState: (state) => api.setState(state),
  };
}
