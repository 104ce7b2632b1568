// Drives the code-server workbench in Debian's Chromium through playwright-core, like a user would.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { ensureChromium } from './provision.mjs';

const ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

export async function launchBrowser(name = 'browser') {
  const executablePath = await ensureChromium();
  // A fresh profile per run: no cached workbench state leaks between tests.
  const profile = await fs.mkdtemp(path.join(os.tmpdir(), `mlops-${name}-`));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath, headless: true, args: ARGS, viewport: { width: 1400, height: 900 },
  });
  const close = context.close.bind(context);
  context.close = async () => {
    await close();
    await fs.rm(profile, { recursive: true, force: true }).catch(() => {});
  };
  return context;
}

export async function waitForWorkbench(page, timeout = 60_000) {
  await page.locator('.monaco-workbench .part.activitybar').waitFor({ state: 'visible', timeout });
}

export async function runCommand(page, title, { timeout = 30_000 } = {}) {
  const input = page.locator('.quick-input-widget input');
  // The row whose label is exactly the title: "MLOps: Run..." must not pick "MLOps: Run Sweep...".
  const exact = new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  const row = page.locator('.quick-input-widget .monaco-list-row', { has: page.locator('.label-name', { hasText: exact }) }).first();
  const deadline = Date.now() + timeout;
  // The palette snapshots the command list when it opens, and extension commands appear only once
  // the extension host is up: reopen it until the command is listed (or the deadline passes).
  // A view that takes focus just after F1 (a tree refreshing as the store changes) closes the
  // palette before it is typed into: that attempt is retried like a missing command.
  const slice = () => Math.min(3_000, Math.max(1, deadline - Date.now()));
  for (;;) {
    try {
      await page.keyboard.press('F1');
      await input.waitFor({ state: 'visible', timeout: slice() });
      await input.fill(`>${title}`, { timeout: slice() });
      await row.waitFor({ state: 'visible', timeout: slice() });
      break;
    } catch (err) {
      if (Date.now() >= deadline) throw new Error(`command "${title}" never appeared in the command palette within ${timeout} ms (${err.message.split('\n')[0]})`);
      if (await input.isVisible()) await page.keyboard.press('Escape');
      await input.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => {});
    }
  }
  // Click the very row: Enter would run whichever match the palette happened to put first.
  await row.click();
  // The palette is done when it closes, or when the command opened a quick pick of its own in it.
  await page.waitForFunction(
    () => {
      const box = document.querySelector('.quick-input-widget');
      const field = document.querySelector('.quick-input-widget input');
      return !box || getComputedStyle(box).display === 'none' || !(field && field.value.startsWith('>'));
    },
    null,
    { timeout: 15_000 },
  );
}

/**
 * Runs a command that asks with a quick pick, and picks the row that has `row` (a locator inside the
 * quick input). A view that takes focus as the store changes (the CLI just wrote to it) can close that
 * pick before it is clicked: the command is then run again, until `timeout`.
 */
export async function runCommandAndPick(page, title, row, { timeout = 45_000 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    await runCommand(page, title, { timeout: Math.max(5_000, deadline - Date.now()) });
    try {
      await row.click({ timeout: Math.min(5_000, Math.max(1, deadline - Date.now())) });
      return;
    } catch (err) {
      if (Date.now() >= deadline) throw new Error(`the quick pick of "${title}" never offered the row to pick within ${timeout} ms (${err.message.split('\n')[0]})`);
      if (await page.locator('.quick-input-widget input').isVisible()) await page.keyboard.press('Escape');
    }
  }
}

// Webviews are an outer iframe (class "webview", no title) holding an inner iframe "active-frame"
// whose title is the panel title. Waits until a webview with that title exists and returns a
// FrameLocator on its content. A CSS selector for the outer iframe is accepted too.
export async function webviewFrame(page, titleOrSelector, { timeout = 30_000 } = {}) {
  if (/^[.#[]|^iframe/.test(titleOrSelector)) {
    return page.frameLocator(titleOrSelector).frameLocator('iframe#active-frame');
  }
  const inner = `iframe#active-frame[title="${titleOrSelector.replace(/"/g, '\\"')}"]`;
  const outers = page.locator('iframe.webview');
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    const n = await outers.count();
    for (let i = 0; i < n; i++) {
      const candidate = page.frameLocator('iframe.webview').nth(i).locator(inner);
      if (await candidate.count().catch(() => 0)) return page.frameLocator('iframe.webview').nth(i).frameLocator(inner);
    }
    await page.waitForTimeout(100); // polling: the webview appears asynchronously after the command
  }
  throw new Error(`no webview titled "${titleOrSelector}" appeared within ${timeout} ms`);
}

// Collects console output of the page and of every (webview) frame; frame messages reach the page's
// 'console' event. Chromium 1xx words CSP violations as "... violates the following Content Security
// Policy directive ..." (older builds: "Refused to ..."); the message url names the webview's
// extensionId, so a filter can keep only ours.
export function collectConsole(page) {
  const messages = [];
  page.on('console', (msg) => {
    messages.push({ type: msg.type(), text: msg.text(), url: msg.location()?.url ?? '' });
  });
  page.on('pageerror', (err) => messages.push({ type: 'pageerror', text: String(err), url: '' }));
  return {
    messages,
    cspViolations(filter = () => true) {
      return messages.filter((m) => /Refused to|Content Security Policy/i.test(m.text) && filter(m));
    },
  };
}
