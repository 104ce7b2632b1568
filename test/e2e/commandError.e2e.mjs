// A command that fails tells the user once, the same way for every command (the registry): a
// notification with the error and a "Show Output" button, which opens the MLOps Workbench Output
// channel at the failure and its stack. Screenshot: test-results/e2e-command-error.png.
import fs from 'node:fs';
import path from 'node:path';
import { runCommand } from '../harness/browser.mjs';
import { demoWorkspace, e2eSession, mlops } from './session.mjs';

const workspace = await demoWorkspace('command-error');
// A run config whose command uses a param it does not declare: its launch fails, whatever is typed.
const configFile = path.join(workspace, 'mlops.json');
const config = JSON.parse(fs.readFileSync(configFile, 'utf8'));
config.runs.fragile = { command: 'python3 train.py --epochs ${params.epochs} --tag ${params.tag}', params: { epochs: 2 } };
fs.writeFileSync(configFile, JSON.stringify(config, null, 2));

await e2eSession('command-error', workspace, async ({ page, step, screenshot }) => {
  const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'no param "tag" is set' }).first();

  await step('"MLOps: Run with Params..." of a config whose command needs an undeclared param fails with a notification naming it', async () => {
    await runCommand(page, 'MLOps: Run with Params...');
    await page.locator('.quick-input-widget .monaco-list-row', { has: page.locator('.label-name', { hasText: /^fragile$/ }) }).first().click();
    const input = page.locator('.quick-input-widget input');
    await page.locator('.quick-input-widget', { hasText: 'Run fragile with params' }).waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill('epochs=3');
    await input.press('Enter');
    await toast.waitFor({ state: 'visible', timeout: 15_000 });
    await screenshot('e2e-command-error.png');
    const runs = JSON.parse(mlops(workspace, 'runs', 'list', '--json'));
    if (runs.length) throw new Error(`the failed command started ${runs.length} run(s)`);
  });

  await step('"Show Output" on the notification opens the Output channel at the failure, with its stack', async () => {
    await toast.locator('.monaco-button', { hasText: 'Show Output' }).click();
    // The failure's message and stack wrap over more lines than the panel shows, and its editor
    // renders only the lines in view: the maximized panel holds the whole entry.
    await page.locator('.part.panel .monaco-editor').first().waitFor({ state: 'visible', timeout: 15_000 });
    await runCommand(page, 'View: Toggle Maximized Panel');
    const output = page.locator('.part.panel .view-lines', { hasText: 'Run with Params failed' }).first();
    await output.waitFor({ state: 'visible', timeout: 15_000 });
    // One .view-line per line, placed by its `top` (not always in DOM order); spaces drawn as no-break spaces.
    const lines = await output.locator('.view-line').evaluateAll((els) =>
      els.map((e) => [parseFloat(e.style.top) || 0, (e.textContent ?? '').replace(/\u00a0/g, ' ')]).sort((a, b) => a[0] - b[0]).map(([, text]) => text),
    );
    const at = lines.findIndex((l) => l.includes('Run with Params failed: '));
    // Its message may wrap over the next lines.
    if (at < 0 || !lines.slice(at, at + 6).join(' ').replace(/\s+/g, ' ').includes('no param "tag" is set')) throw new Error(`the failure is not in the Output channel:\n${lines.join('\n')}`);
    // The panel wraps long lines: the next line that is a stack frame or a new entry must be a frame.
    const next = lines.slice(at + 1).find((l) => /^\s+at |^\d{4}-\d\d-\d\d /.test(l)) ?? '';
    if (!/^\s+at /.test(next)) throw new Error(`no stack after the failure:\n${lines.slice(at, at + 4).join('\n')}`);
  });
});
