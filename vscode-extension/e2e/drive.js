// Drives code-server (started by run.sh) with Debian's headless Chromium
// through playwright-core, as a user would: open the example, see the
// diagnostic, read it in the hover and the Problems panel, open the outline,
// take the screenshot, then settings, the commands, a fix, a missing server.
// Env: URL, SETTINGS (the user settings.json), SERVER_BIN, OUT (screenshots).
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const { URL, SETTINGS, MACHINE_SETTINGS, SERVER_BIN, OUT } = process.env;
const MESSAGE = "expected ';' after binding"; // modules/beacon.nix, line 28, column 49
const TIMEOUT = 30000;

const t0 = Date.now();
const ok = (what) => console.log(`ok   ${what.padEnd(64)} ${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s`);

// The settings files the workbench reads and writes (user, and machine for
// the machine-scoped server path), and the commands that open them.
const USER = { file: SETTINGS, command: 'Preferences: Open User Settings (JSON)' };
const MACHINE = { file: MACHINE_SETTINGS, command: 'Preferences: Open Remote Settings (JSON)' };

async function main(page) {
  const editor = page.locator('.part.editor .editor-instance .monaco-editor').first();
  const squiggle = editor.locator('.squiggly-error');

  // Presses KEY until the quick input opens: right after a navigation the
  // workbench sometimes drops the first key press.
  async function openQuickInput(key, before = async () => {}) {
    const input = page.locator('.quick-input-widget input');
    for (let attempt = 1; ; attempt++) {
      await before();
      await page.keyboard.press(key);
      try {
        await input.waitFor({ state: 'visible', timeout: 5000 });
        return input;
      } catch (e) {
        if (attempt === 3) throw e;
        await page.keyboard.press('Escape');
      }
    }
  }

  // A hover left under the mouse (a tab's, after clicking it) keeps the
  // quick input inert: move the mouse away first, and retry as a whole.
  async function awayFromHovers() {
    await page.mouse.move(1250, 520);
    await page.locator('.workbench-hover').waitFor({ state: 'detached', timeout: 3000 }).catch(() => {});
  }

  async function runCommand(title) {
    let input;
    for (let attempt = 1; ; attempt++) {
      input = await openQuickInput('F1', awayFromHovers);
      try {
        await input.fill('>' + title, { timeout: 5000 });
        break;
      } catch (e) {
        if (attempt === 3) throw e;
        await page.keyboard.press('Escape');
      }
    }
    const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
    await row.waitFor({ state: 'visible', timeout: TIMEOUT });
    await page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden', timeout: TIMEOUT });
  }

  async function notification(text) {
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
    await toast.waitFor({ state: 'visible', timeout: TIMEOUT });
    const shown = (await toast.locator('.notification-list-item-message').innerText()).replace(/\s+/g, ' ').trim();
    return { toast, shown };
  }

  // Puts the cursor on LINE, COLUMN (1-based) of beacon.nix and scrolls it into view.
  async function goTo(line, column) {
    // (Clicking into the text would make Playwright scroll the editor.)
    // Retried as a whole: focus that returns late to the editor after a
    // navigation closes the quick input under our hands.
    for (let attempt = 1; ; attempt++) {
      try {
        // Clicking the tab leaves the mouse on it; its hover (the path and
        // problems) then keeps the quick input inert: move the mouse away.
        const input = await openQuickInput('Control+G', async () => {
          await page.locator('.tab.active', { hasText: 'beacon.nix' }).click();
          await awayFromHovers();
        });
        await input.fill(`:${line}:${column}`, { timeout: 5000 });
        await page.keyboard.press('Enter');
        await input.waitFor({ state: 'hidden', timeout: 5000 });
        await cursorAt(line, column, 5000);
        return;
      } catch (e) {
        // The quick input is sometimes inert for a while (a widget closing
        // under a loaded machine): close everything, wait, try again.
        if (attempt === 5) throw e;
        await page.keyboard.press('Escape');
        await page.keyboard.press('Escape');
        await page.waitForTimeout(500 * attempt);
      }
    }
  }
  const goToMistake = () => goTo(28, 49);

  async function cursorAt(line, column, timeout = TIMEOUT) {
    await page.locator('.statusbar-item', { hasText: `Ln ${line}, Col ${column}` }).first().waitFor({ timeout });
  }

  // Changes settings as a user does: opens the settings.json editor, puts
  // the new text in (by the clipboard, so that auto-closing brackets stay
  // out of the way) and saves.
  async function editSettings(where, change) {
    const settings = JSON.parse(fs.readFileSync(where.file, 'utf8'));
    const firstKey = Object.keys(settings)[0]; // shows that the right editor has the focus
    change(settings);
    await runCommand(where.command);
    // VS Code 1.139 opens it in a modal editor, older ones in a tab: either
    // way it has the focus.
    const settingsEditor = page.locator('.monaco-editor.focused', { hasText: `"${firstKey}"` }).first();
    await settingsEditor.waitFor({ timeout: TIMEOUT });
    await page.evaluate((text) => navigator.clipboard.writeText(text), JSON.stringify(settings, null, 2));
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Control+V');
    await page.keyboard.press('Control+S');
    const deadline = Date.now() + TIMEOUT;
    const saved = () => {
      try {
        return JSON.stringify(JSON.parse(fs.readFileSync(where.file, 'utf8'))) === JSON.stringify(settings);
      } catch {
        return false; // being written
      }
    };
    while (!saved()) {
      if (Date.now() > deadline) throw new Error(`${where.file} was not saved with ${JSON.stringify(settings)}`);
      await page.waitForTimeout(100);
    }
    await page.keyboard.press('Control+W');
    await page.locator('.monaco-editor.focused', { hasText: 'options.services.beacon' }).waitFor({ timeout: TIMEOUT });
  }

  async function clearNotifications() {
    await runCommand('Notifications: Clear All Notifications');
  }

  // 1. The workbench, and modules/beacon.nix opened by Quick Open.
  await page.goto(URL, { waitUntil: 'domcontentloaded' });
  await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60000 });
  ok('workbench loaded');
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').fill('beacon.nix');
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'beacon.nix' }).first().waitFor({ timeout: TIMEOUT });
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: 'beacon.nix' }).waitFor({ timeout: TIMEOUT });
  await editor.locator('.view-lines').waitFor({ timeout: TIMEOUT });
  const mode = page.locator('.statusbar-item', { hasText: /^Nix$/ }).first();
  await mode.waitFor({ timeout: TIMEOUT });
  ok('modules/beacon.nix open, language mode Nix');

  // 2. The squiggle, and its message in the hover.
  await squiggle.first().waitFor({ state: 'attached', timeout: TIMEOUT });
  ok('error squiggle shown');
  const box = await squiggle.first().boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const hover = page.locator('.monaco-hover-content', { hasText: MESSAGE }).first();
  await hover.waitFor({ state: 'visible', timeout: TIMEOUT });
  ok('hover: ' + (await hover.innerText()).split('\n')[0]);

  // 3. The Problems panel: message, code, line and column.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Shift+M');
  const problem = page.locator('.markers-panel .monaco-list-row', { hasText: MESSAGE }).first();
  await problem.waitFor({ state: 'visible', timeout: TIMEOUT });
  const problemText = (await problem.innerText()).replace(/\s+/g, ' ').trim();
  for (const want of ['syntax-error', '[Ln 28, Col 49]']) {
    if (!problemText.includes(want)) throw new Error(`Problems row lacks ${want}: ${problemText}`);
  }
  if ((await page.locator('.markers-panel .monaco-list-row').count()) !== 2) {
    // one row for the file, one for the problem
    throw new Error('Problems panel has other rows: ' + (await page.locator('.markers-panel').innerText()));
  }
  ok('Problems: ' + problemText);

  // 4. The outline (document symbols), with the folder tree collapsed so
  //    that it has the side bar to itself.
  await runCommand('Explorer: Focus on Outline View');
  await page.locator('.pane-header', { hasText: /^workspace/i }).first().click();
  const outline = page.locator('.outline-pane');
  for (const name of ['options.services.beacon', 'target', 'config', 'systemd.services.beacon', 'serviceConfig']) {
    await outline.locator('.monaco-list-row', { hasText: name }).first().waitFor({ state: 'visible', timeout: TIMEOUT });
  }
  ok(`outline: options.services.beacon, target, config, systemd.services.beacon, serviceConfig`);

  // 5. The screenshot: squiggle with its hover, Problems, Outline.
  await goToMistake();
  const box2 = await squiggle.first().boundingBox();
  await page.mouse.move(box2.x + box2.width / 2, box2.y + box2.height / 2);
  await hover.waitFor({ state: 'visible', timeout: TIMEOUT });
  await page.screenshot({ path: path.join(OUT, 'vscode-diagnostic.png') });
  ok('screenshot ' + path.join(OUT, 'vscode-diagnostic.png'));
  await page.mouse.move(0, 0);

  // 5b. Hover, completion and go to definition on `cfg` and `fleetLib`.
  await goTo(26, 21); // `cfg` in `lib.mkIf cfg.enable`
  await runCommand('Show or Focus Hover');
  const nameHover = page.locator('.monaco-hover-content', { hasText: 'cfg = config.services.beacon' }).first();
  await nameHover.waitFor({ state: 'visible', timeout: TIMEOUT });
  ok('hover on cfg: ' + (await nameHover.innerText()).replace(/\s+/g, ' ').trim());
  await page.keyboard.press('Escape');
  await goTo(32, 29); // after `fleetL` in `serviceConfig = fleetLib.hardenedServiceConfig`
  await page.keyboard.press('Control+Space');
  const suggestion = page.locator('.suggest-widget .monaco-list-row', { hasText: 'fleetLib' }).first();
  await suggestion.waitFor({ state: 'visible', timeout: TIMEOUT });
  ok('completion after fleetL: ' + (await suggestion.getAttribute('aria-label')));
  await page.keyboard.press('Escape');
  await goTo(40, 20); // after `cfg.` in `User = cfg.user;`: the module's options
  await page.keyboard.press('Control+Space');
  const option = page.locator('.suggest-widget .monaco-list-row', { hasText: 'openFirewall' }).first();
  await option.waitFor({ state: 'visible', timeout: TIMEOUT });
  ok('option completion after cfg.: ' + (await option.getAttribute('aria-label')));
  await page.keyboard.press('Escape');
  await goTo(26, 21);
  await page.keyboard.press('F12');
  await cursorAt(10, 3); // `cfg = config.services.beacon;` in the let
  ok('go to definition of cfg: line 10, column 3');
  await goToMistake(); // line 28 back in view: squiggles are drawn for visible lines only

  // 5c. The status bar item followed the indexing progress ($/progress);
  //     an observer installed before the page loaded saw it come and go.
  const seen = await page.evaluate(() => window.__flakewiseStatus);
  if (!seen.some((t) => /flakewise: Indexing Nix files/.test(t))) {
    throw new Error('the status bar never showed indexing progress; it showed ' + JSON.stringify(seen));
  }
  if ((await page.locator('.statusbar-item', { hasText: 'flakewise: Indexing' }).count()) !== 0) {
    throw new Error('the indexing status stayed after the end');
  }
  ok('status bar showed ' + JSON.stringify(seen.filter((t) => /Indexing/.test(t))[0]) + ', then hid it');

  // 6. Settings reach the server without a restart.
  await editSettings(USER, (s) => { s['flakewise.diagnostics.disabled'] = ['syntax-error']; });
  await squiggle.first().waitFor({ state: 'detached', timeout: TIMEOUT });
  ok('settings: diagnostics.disabled ["syntax-error"] removes the squiggle');
  await editSettings(USER, (s) => { s['flakewise.diagnostics.disabled'] = []; });
  await squiggle.first().waitFor({ state: 'attached', timeout: TIMEOUT });
  ok('settings: diagnostics.disabled [] brings it back');

  // 7. Show Option Tree: the options of the workspace's modules, as JSON
  //    in a new editor.
  await runCommand('flakewise: Show Option Tree of the Workspace');
  await page.waitForFunction(
    () => {
      const editors = document.querySelectorAll('.editor-instance .monaco-editor .view-lines');
      return Array.from(editors).some((el) => el.innerText.replace(/\u00a0/g, ' ').includes('"path": "services.beacon.enable"'));
    },
    null,
    { timeout: TIMEOUT },
  );
  ok('option tree: a JSON document with "path": "services.beacon.enable"');
  // Back to beacon.nix's tab, so that the editor the next steps look at is
  // that file again (the option tree stays open as an untitled document).
  await page.locator('.tab', { hasText: 'beacon.nix' }).first().click({ timeout: TIMEOUT });
  await page.locator('.tab.active', { hasText: 'beacon.nix' }).waitFor({ timeout: TIMEOUT });
  await clearNotifications();

  // 8. Restart Server, then Show Server Log: the log tells of the restart
  //    and of the new server's start-up; the squiggle is back.
  await runCommand('flakewise: Restart Server');
  await runCommand('flakewise: Show Server Log');
  await page.waitForFunction(
    () => {
      const el = document.querySelector('.panel .monaco-editor .view-lines');
      const text = el ? el.innerText.replace(/\u00a0/g, ' ') : ''; // Monaco renders spaces as no-break spaces
      const after = text.slice(text.lastIndexOf('[client] restarting the server'));
      return text.includes('[client] restarting the server') &&
        after.includes('[client] starting ') && after.includes('initialized: position encoding');
    },
    null,
    { timeout: TIMEOUT },
  );
  await squiggle.first().waitFor({ state: 'attached', timeout: TIMEOUT });
  ok('restart: the server log shows the restart and the new start-up');

  // 9. A fix by typing: the squiggle goes away (incremental didChange).
  await goToMistake();
  await page.keyboard.type(';');
  await squiggle.first().waitFor({ state: 'detached', timeout: TIMEOUT });
  ok("typing ';' at 28:49 fixes it");
  await page.keyboard.press('Control+Z');
  await squiggle.first().waitFor({ state: 'attached', timeout: TIMEOUT });
  ok('undo brings it back');

  // 10. A missing server: a clear message, and no diagnostics.
  await editSettings(MACHINE, (s) => { s['flakewise.server.path'] = '/nonexistent/flakewise'; });
  const missing = await notification('was not found');
  for (const want of ['"/nonexistent/flakewise"', 'flakewise.server.path', 'README']) {
    if (!missing.shown.includes(want)) throw new Error(`missing-server message lacks ${want}: ${missing.shown}`);
  }
  await squiggle.first().waitFor({ state: 'detached', timeout: TIMEOUT });
  ok('missing server: ' + missing.shown.slice(0, 70) + '...');
  // Its button opens the set-up instructions (the README in the extension).
  await missing.toast.locator('.monaco-button', { hasText: 'Set-up Instructions' }).click();
  const preview = page.locator('.tab.active', { hasText: 'README' });
  await preview.waitFor({ timeout: TIMEOUT });
  await page.frameLocator('.webview.ready').frameLocator('#active-frame')
    .locator('h2', { hasText: 'Set-up' }).waitFor({ timeout: TIMEOUT });
  ok('"Set-up Instructions" shows the README: ' + (await preview.innerText()).trim());
  await page.keyboard.press('Control+W');
  // Give the keyboard back to the editor (it may stay with the webview).
  await page.locator('.tab.active', { hasText: 'beacon.nix' }).click({ timeout: TIMEOUT });

  // ... and setting the path again starts it.
  await editSettings(MACHINE, (s) => { s['flakewise.server.path'] = SERVER_BIN; });
  await squiggle.first().waitFor({ state: 'attached', timeout: TIMEOUT });
  ok('server path set again: the server is back');
}

(async () => {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new globalThis.URL(URL).origin });
  // Records every text a flakewise status bar item shows, however briefly.
  await context.addInitScript(() => {
    window.__flakewiseStatus = [];
    const record = () => {
      for (const el of document.querySelectorAll('.statusbar-item')) {
        const text = (el.textContent || '').trim();
        if (text.includes('flakewise:') && !window.__flakewiseStatus.includes(text)) window.__flakewiseStatus.push(text);
      }
    };
    new MutationObserver(record).observe(document, { childList: true, subtree: true, characterData: true });
  });
  const page = await context.newPage();
  let failed;
  try {
    await main(page);
  } catch (e) {
    failed = e;
    await page.screenshot({ path: path.join(OUT, 'failure.png') }).catch(() => {});
  }
  await browser.close();
  if (failed) {
    console.log('FAIL: ' + (failed.stack || failed));
    console.log('(screenshot of the failure: ' + path.join(OUT, 'failure.png') + ')');
    process.exit(1);
  }
  console.log('PASS');
})().catch((e) => {
  console.log('FAIL: ' + (e.stack || e));
  process.exit(1);
});
