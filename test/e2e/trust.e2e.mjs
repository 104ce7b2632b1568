// Workspace Trust: in a workspace the user does not trust, the views still show what the store holds,
// but nothing that mlops.json defines is executed. Screenshot: test-results/e2e-trust.png.
import fs from 'node:fs/promises';
import path from 'node:path';
import { runCommand } from '../harness/browser.mjs';
import { demoWorkspace, e2eSession, mlops, openMlopsContainer } from './session.mjs';

const workspace = await demoWorkspace('trust');
mlops(workspace, 'run', 'train', '--name', 'recorded-before');
// A run config that would leave a mark if it were ever executed.
const configFile = path.join(workspace, 'mlops.json');
const config = JSON.parse(await fs.readFile(configFile, 'utf8'));
config.runs.mark = { command: 'touch EXECUTED' };
await fs.writeFile(configFile, JSON.stringify(config, null, 2));

await e2eSession(
  'trust',
  workspace,
  async ({ page, step, screenshot }) => {
    await step('the workspace opens in Restricted Mode', async () => {
      // VS Code asks at start; the user declines.
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor({ state: 'visible', timeout: 30_000 });
      await dialog.locator('.monaco-button', { hasText: /No, I don.t trust the authors/ }).click();
      await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    });

    await step('the Runs view still shows the recorded run', async () => {
      await openMlopsContainer(page);
      await page.locator('.part.sidebar .monaco-list-row', { hasText: 'recorded-before' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    });

    await step('"MLOps: Run..." refuses before offering a run config, and says why', async () => {
      await runCommand(page, 'MLOps: Run...');
      await page.locator('.notifications-toasts .notification-toast', { hasText: 'not trusted' }).first().waitFor({ state: 'visible', timeout: 15_000 });
      await screenshot('e2e-trust.png');
      // The refusal is the command's last act (its handler never runs): once it shows, whatever the
      // command did is on disk, so the checks below need no wait.
      const executed = await fs.stat(path.join(workspace, 'EXECUTED')).then(() => true, () => false);
      if (executed) throw new Error('the run config was executed in an untrusted workspace');
      const runs = JSON.parse(mlops(workspace, 'runs', 'list', '--json'));
      if (runs.length !== 1) throw new Error(`the store holds ${runs.length} runs; expected only the one recorded before`);
    });
  },
  { trust: true },
);
