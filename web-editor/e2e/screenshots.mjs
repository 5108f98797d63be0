// The README's screenshots, made from the real server and Chromium (never by hand):
//   npm run screenshots    (after building the server jar: mvn -B -DskipTests package)
// writes docs/screenshots/<view>-<desktop|phone>.png for: the document list, the editor with two
// people, the Markdown split view (on a phone: the preview), dark mode, and the history comparing
// two versions.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  launchBrowser,
  newPerson,
  preflight,
  ServerProcess,
  sleep,
  waitFor,
  webEditorDir,
} from './harness.mjs';

const outDir = join(webEditorDir, '..', 'docs', 'screenshots');
const SIZES = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
};

const NOTES = `# Release notes — Quire 0.2

Quire is a **collaborative editor** for plain text and Markdown.

## What is new

- Live *preview* beside the text, with synced scrolling
- Dark mode that follows your system
- Export as text, Markdown, HTML or PDF

## Next

| Item | Owner |
|:--|:--|
| History comparison | Ada |
| Phone layout | Grace |

> Write together, in real time.
`;

/** Opens a document in the editor alone (no preview), light. */
async function openDoc(person, server, docId) {
  await person.page.emulateMedia({ colorScheme: 'light' });
  await person.page.goto(`${server.url}/d/${docId}`);
  await person.page.waitForSelector('#status[data-state="connected"]', { timeout: 20_000 });
  if (await person.page.isVisible('#view-edit')) await person.page.click('#view-edit');
}

async function setText(person, text) {
  await person.page.evaluate((t) => {
    const v = window.quire.view;
    v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: t } });
  }, text);
  await waitFor('saved', () => person.page.evaluate(() => window.quire.status().pending === 0));
}

/** Puts a person's cursor after `text`, so the others see it there. */
async function cursorAfter(person, text) {
  await person.page.click('.cm-content');
  await person.page.evaluate((t) => {
    const v = window.quire.view;
    const at = v.state.doc.toString().indexOf(t) + t.length;
    v.dispatch({ selection: { anchor: at } });
  }, text);
}

async function save(page, name) {
  await sleep(400); // the preview's render and the counts' delay
  await page.screenshot({ path: join(outDir, `${name}.png`) });
  console.log(`docs/screenshots/${name}.png`);
}

/**
 * History with a comparison of two versions: a hook for the history panel's comparison (issue 12,
 * the docs-ui work). Until the panel has `#history-compare`, this says so and makes nothing.
 */
async function historyComparison(person, size) {
  // Version 1 is the first text, version 2 the edited one (main() below): compare them.
  await person.page.click('#history-toggle');
  await person.page.waitForSelector('#compare-from');
  await person.page.fill('#compare-from', '1');
  await person.page.fill('#compare-to', '2');
  await person.page.click('#compare-go');
  await waitFor('the comparison', async () =>
    ((await person.page.textContent('#history-view-title')) ?? '').startsWith('Comparing'),
  );
  await save(person.page, `history-compare-${size}`);
  await person.page.click('#history-toggle');
}

async function main() {
  preflight();
  mkdirSync(outDir, { recursive: true });
  const server = await ServerProcess.create();
  await server.start();
  const browser = await launchBrowser();
  const people = [];
  try {
    const stamp = Date.now().toString(36);
    // A few documents for the list.
    const writer = await newPerson(browser, 'Ada Lovelace', SIZES.desktop);
    people.push(writer);
    for (const [id, text] of [
      ['meeting-notes.md', '# Meeting notes\n\n' + 'Agenda and decisions. '.repeat(400)],
      ['roadmap.md', '# Roadmap\n\n' + 'Quarter by quarter. '.repeat(9000)],
      ['shopping-list', 'Milk\nBread\nCoffee\n'],
    ]) {
      await openDoc(writer, server, id);
      await setText(writer, text);
    }
    const docId = `release-notes-${stamp}.md`;
    await openDoc(writer, server, docId);
    await setText(writer, NOTES.replace('- Dark mode that follows your system\n', ''));
    // Version 2, what the history compares with version 1: one line added.
    await writer.page.evaluate(() => {
      const v = window.quire.view;
      const at = v.state.doc.toString().indexOf('- Export');
      v.dispatch({ changes: { from: at, insert: '- Dark mode that follows your system\n' } });
    });
    await waitFor('saved', () => writer.page.evaluate(() => window.quire.status().pending === 0));
    await writer.page.goto('about:blank'); // leaves: only the two people below are shown

    for (const [size, viewport] of Object.entries(SIZES)) {
      const ada = await newPerson(browser, 'Ada Lovelace', viewport);
      const grace = await newPerson(browser, 'Grace Hopper', SIZES.desktop);
      people.push(ada, grace);
      await ada.page.goto(`${server.url}/`);
      await ada.page.waitForSelector('#doc-list');
      await save(ada.page, `list-${size}`);

      await openDoc(grace, server, docId);
      await cursorAfter(grace, 'with synced scrolling');
      await openDoc(ada, server, docId);
      await cursorAfter(ada, 'Write together');
      await ada.page.waitForSelector('.cm-remote-caret');
      await save(ada.page, `editor-two-people-${size}`);

      if (size === 'phone') {
        await ada.page.click('#more');
        await ada.page.click('#menu-view-preview');
      } else {
        await ada.page.click('#view-split');
      }
      await ada.page.waitForSelector('#md-preview h1');
      await save(ada.page, `markdown-split-${size}`);

      await ada.page.emulateMedia({ colorScheme: 'dark' });
      await save(ada.page, `dark-${size}`);
      await ada.page.emulateMedia({ colorScheme: 'light' });
      await historyComparison(ada, size);
    }
  } finally {
    for (const p of people) await p.context.close().catch(() => {});
    await browser.close();
    await server.stop();
    server.cleanup();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
