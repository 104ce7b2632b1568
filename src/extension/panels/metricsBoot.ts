import { BOOT_GLOBAL } from '../../shared/initialMessages';

/**
 * The Metrics page's first script, inline (by nonce) before its bundle. It takes the VS Code API,
 * keeps what the host posts until the bundle listens, and says 'ready' at once: the host's answer
 * (the points logged since the page was built, all of them for a panel opened as its run starts)
 * then travels while the bundle is fetched through the webview's service worker and parsed, instead
 * of after. The series target (the only place it is reckoned): two points per pixel of a chart,
 * the grid fitting as many 440px columns as the window holds (20px of body padding each side, 20px
 * for a scrollbar).
 */
export const METRICS_BOOT = `(() => {
  const api = acquireVsCodeApi();
  const early = [];
  const keep = (event) => early.push(event.data);
  window.addEventListener('message', keep);
  const grid = Math.max(300, window.innerWidth - 60);
  const chart = grid / Math.max(1, Math.floor((grid + 14) / (440 + 14)));
  const target = Math.min(8000, Math.max(400, Math.round(chart * 2)));
  window.${BOOT_GLOBAL} = { api, early, keep };
  api.postMessage({ type: 'ready', target });
})();`;
