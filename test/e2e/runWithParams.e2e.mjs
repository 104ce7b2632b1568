// Run with Params in the real workbench: the text is checked as it is typed (the bad part named in
// the input box, Enter refused), a cancelled box keeps what was typed for the next time, and a good
// text launches a run with exactly those params. Screenshot: test-results/e2e-run-with-params.png.
import { runCommand } from '../harness/browser.mjs';
import { demoWorkspace, e2eSession, mlops } from './session.mjs';

const workspace = await demoWorkspace('run-with-params');

await e2eSession('run-with-params', workspace, async ({ page, step, screenshot }) => {
  const box = page.locator('.quick-input-widget');
  const input = box.locator('input');
  const message = box.locator('.quick-input-message');
  const open = async () => {
    await runCommand(page, 'MLOps: Run with Params...');
    await box.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: /^train$/ }) }).first().click();
    await box.filter({ hasText: 'Run train with params' }).waitFor({ state: 'visible', timeout: 15_000 });
  };

  await step('the box starts from the config\'s defaults and lists its params', async () => {
    await open();
    const value = await input.inputValue();
    if (value !== 'lr=0.05 epochs=30 l2=0') throw new Error(`the box starts with "${value}"`);
    await box.filter({ hasText: 'params of train: lr (0.05), epochs (30), l2 (0)' }).waitFor({ state: 'visible', timeout: 5_000 });
  });

  await step('a bad part is named while typing and Enter launches nothing', async () => {
    await input.fill('lr=0.2 epochs=ten');
    await message.filter({ hasText: 'epochs=ten: epochs is a number (its default is 30).' }).waitFor({ state: 'visible', timeout: 5_000 });
    await screenshot('e2e-run-with-params.png');
    await input.press('Enter');
    // The box stays open on its message: still visible after the Enter was handled.
    await message.filter({ hasText: 'epochs is a number' }).waitFor({ state: 'visible', timeout: 5_000 });
    await input.fill('lr=0.2 epochs=ten oops');
    await message.filter({ hasText: 'epochs=ten' }).waitFor({ state: 'visible', timeout: 5_000 });
    await input.fill('lr=0.2 epochs=3 oops');
    await message.filter({ hasText: '"oops" is not NAME=VALUE' }).waitFor({ state: 'visible', timeout: 5_000 });
    const runs = JSON.parse(mlops(workspace, 'runs', 'list', '--json'));
    if (runs.length) throw new Error(`a refused text started ${runs.length} run(s)`);
  });

  await step('Escape keeps what was typed: the next Run with Params offers it again', async () => {
    await input.press('Escape');
    await box.waitFor({ state: 'hidden', timeout: 5_000 });
    await open();
    const value = await input.inputValue();
    if (value !== 'lr=0.2 epochs=3 oops') throw new Error(`the box offers "${value}" instead of what was typed`);
  });

  await step('a good text launches a run with those params; the name the config lacks is only a warning', async () => {
    await input.fill('lr=0.2 epochs=3 note="first try"');
    await message.filter({ hasText: 'note is not a param of train' }).waitFor({ state: 'visible', timeout: 5_000 });
    await input.press('Enter');
    await box.waitFor({ state: 'hidden', timeout: 5_000 });
    let runs = [];
    const deadline = Date.now() + 60_000;
    while (!runs.length || runs[0].status === 'running') {
      if (Date.now() > deadline) throw new Error(`no finished run after a minute: ${JSON.stringify(runs)}`);
      await page.waitForTimeout(500); // polls the CLI: the store is another process's
      runs = JSON.parse(mlops(workspace, 'runs', 'list', '--json'));
    }
    const params = runs[0].params;
    if (params.lr !== 0.2 || params.epochs !== 3 || params.l2 !== 0 || params.note !== 'first try') throw new Error(`the run has params ${JSON.stringify(params)}`);
  });
});
