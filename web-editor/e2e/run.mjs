// Browser end-to-end tests against the real server jar (issue 4, "How to prove it"):
//   1. two pages type concurrently, at different and at the same positions — identical text,
//      equal to GET /api/docs/{id};
//   2. a remote cursor with its name appears at the right character;
//   3. a page goes offline, types, comes back — its text arrives once, both converge;
//   4. the server is stopped and restarted mid-session — pages reconnect, nothing lost;
//   5. the history panel shows an earlier version and restores it (and undo reverts that);
//   6.–7. a deleted document, the list of documents;
// and, for the security issue (10), against a second server with authentication on:
//   8. a read-only share link: typing changes nothing, the page says read-only, live edits and
//      cursors of a writer appear;
//   9. a page served from another origin cannot open a socket (nor, with the same script, read);
//  10. no token, an expired token, a forged one and one for other documents each show the
//      sign-in page, not a broken editor;
//  11. a link that expires while the page is open: the sign-in page (close 4401);
//  12. against a server allowing 2 ops/s: fast typing is rate-limited, waits and arrives once;
// and, for the npm package (issue 18):
//  13. `npm pack` of quire-client, installed into a scratch project; a Node program there (with
//      `ws`) types into a document while a page types too: both and the server end identical;
//  14. the twenty-line embedding of docs/client-typescript.md, built from the tarball and served
//      by another site (allowed by --allowed-origins), edits together with the editor page.
// and, for the operations issue (14):
//  15. a 5-second run of the load tool writes JSON and an HTML report that opens in Chromium
//      with its plots drawn (screenshot: bench-report.png, copied to docs/).
//  16. the admin page: healthy at a glance, the document being edited; a writer's token sees no data.
// and, for the JVM client (issue 18):
//  17. a page types beside two JVM client processes — the /time bot and the file importer of
//      docs/client.md — and all three converge on the server's text.
// and, for never losing an edit (issue 11):
//  18. a 3 MB paste goes as several ops on the one socket and both pages converge;
//  19. offline with edits waiting: the banner counts them, "retry now", closing the tab asks;
//  20. a tab killed with edits waiting: the reopened page resends them, each applied once.
// and, for presence and guests (issue 12):
//  21. a first-time visitor opens a link and edits at once as a guest (no dialog), listed by the
//      others before moving its cursor; a rename from the avatar shows live; Escape cancels.
// Screenshots go to web-editor/target/e2e-screenshots/. Run: npm run e2e (after building the jar).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  assertEqual,
  E2eFailure,
  foreignSite,
  launchBrowser,
  newPerson,
  nowSeconds,
  preflight,
  randomSecret,
  screenshotDir,
  serverJar,
  ServerProcess,
  signJwt,
  sleep,
  waitFor,
  writeText,
  webEditorDir,
} from './harness.mjs';
import { buildEmbed, NodeClient, scratchProject, staticSite } from './package.mjs';

const IGNORED_CONSOLE = [/WebSocket/i, /net::ERR_/, /Failed to load resource/];

async function open(person, server, docId) {
  await person.page.goto(`${server.url}/d/${docId}`);
  await person.page.waitForSelector('#status[data-state="connected"]', { timeout: 20_000 });
  await person.page.click('.cm-content');
}

const textOf = (p) => p.page.evaluate(() => window.quire.text());
const statusOf = (p) => p.page.evaluate(() => window.quire.status());

/** Waits until every page is connected with nothing pending and all texts are equal. */
async function converged(people, what) {
  return waitFor(
    `${what}: pages converge`,
    async () => {
      const states = await Promise.all(people.map(statusOf));
      if (!states.every((s) => s.state === 'connected' && s.pending === 0)) return false;
      const texts = await Promise.all(people.map(textOf));
      return texts.every((t) => t === texts[0]) ? { text: texts[0] } : false;
    },
    30_000,
  ).then((r) => r.text);
}

async function restText(server, docId) {
  return (await server.getJson(`/api/docs/${docId}`)).content;
}

async function shot(person, name) {
  await person.page.screenshot({ path: join(screenshotDir, `${name}.png`) });
}

/** Both windows side by side in one picture (what docs/screenshot.png shows). */
async function sideBySide(browser, people, name) {
  const images = await Promise.all(
    people.map(async (p) => (await p.page.screenshot()).toString('base64')),
  );
  const page = await browser.newPage({ viewport: { width: 1000, height: 400 } });
  await page.setContent(
    `<body style="margin:0;background:#dfe3ea;display:flex;gap:16px;padding:18px;width:max-content">${images
      .map(
        (b) =>
          `<img style="box-shadow:0 8px 24px rgba(0,0,0,.22);border-radius:8px" src="data:image/png;base64,${b}">`,
      )
      .join('')}</body>`,
  );
  await page.waitForFunction(() => [...document.images].every((i) => i.complete));
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
  await page.close();
}

function count(haystack, needle) {
  return haystack.split(needle).length - 1;
}

function sortedChars(s) {
  return [...s].sort().join('');
}

async function typeWords(person, words, key, delay = 15) {
  for (const w of words) {
    if (key) await person.page.keyboard.press(key);
    await person.page.keyboard.type(w, { delay });
  }
}

const scenarios = [];
const scenario = (name, fn) => scenarios.push({ name, fn });
/** A scenario against the server with authentication on (`authServer`, `secret`). */
const authScenario = (name, fn) => scenarios.push({ name, fn, needs: 'auth' });
/** A scenario against a server with a tight op rate (`limitedServer`). */
const limitedScenario = (name, fn) => scenarios.push({ name, fn, needs: 'limited' });

scenario('0 document list: empty state, create, 320 px', async ({ server, browser }) => {
  const ada = await newPerson(browser, 'Ada', { width: 1000, height: 640 });
  await ada.page.goto(server.url + '/');
  await ada.page.waitForSelector('#empty-state, #doc-list', { timeout: 10_000 });
  await shot(ada, '00-list');
  const narrow = await newPerson(browser, 'Narrow', { width: 320, height: 640 });
  await narrow.page.goto(server.url + '/');
  await narrow.page.waitForSelector('#empty-state, #doc-list');
  await shot(narrow, '00-list-320px');
  const overflow = await narrow.page.evaluate(() => document.documentElement.scrollWidth);
  if (overflow > 320) throw new E2eFailure(`list page is ${overflow}px wide at 320px`);
  await ada.page.fill('#new-doc-name', 'e2e-list.md');
  await ada.page.keyboard.press('Enter');
  await ada.page.waitForURL('**/d/e2e-list.md');
  await ada.page.waitForSelector('#status[data-state="connected"]');
  await narrow.page.goto(server.url + '/d/e2e-list.md');
  await narrow.page.waitForSelector('#status[data-state="connected"]');
  await narrow.page.click('.cm-content');
  await narrow.page.keyboard.type('# Small screens\n\nStill *readable* at 320 px.');
  await shot(narrow, '00-editor-320px');
  const editorWidth = await narrow.page.evaluate(() => document.documentElement.scrollWidth);
  if (editorWidth > 320) throw new E2eFailure(`editor page is ${editorWidth}px wide at 320px`);
  return [ada, narrow];
});

scenario(
  '1 concurrent typing at different and at the same positions',
  async ({ server, browser, docId }) => {
    const ada = await newPerson(browser, 'Ada Lovelace');
    const bob = await newPerson(browser, 'Bob');
    await open(ada, server, docId);
    await open(bob, server, docId);
    await ada.page.keyboard.type('The middle line.\n');
    await converged([ada, bob], 'seed');
    const aWords = Array.from({ length: 14 }, (_, i) => `ada${i}😀 `);
    const bWords = Array.from({ length: 14 }, (_, i) => `bob${i} `);
    // Different positions: Ada at the end, Bob at the start, at the same time.
    await Promise.all([
      typeWords(ada, aWords, 'Control+End'),
      typeWords(bob, bWords, 'Control+Home'),
    ]);
    // The same position: both at the very start, at the same time.
    const aSame = Array.from({ length: 8 }, (_, i) => `A${i}`);
    const bSame = Array.from({ length: 8 }, (_, i) => `B${i}`);
    await Promise.all([
      typeWords(ada, aSame, 'Control+Home', 25),
      typeWords(bob, bSame, 'Control+Home', 25),
    ]);
    const text = await converged([ada, bob], 'concurrent typing');
    assertEqual(await restText(server, docId), text, 'GET /api/docs text');
    const expected =
      'The middle line.\n' + aWords.join('') + bWords.join('') + aSame.join('') + bSame.join('');
    assertEqual(sortedChars(text), sortedChars(expected), 'every typed character exactly once');
    for (const w of aWords) assertEqual(count(text, w), 1, `occurrences of ${w}`);
    for (const w of bWords) assertEqual(count(text, w), 1, `occurrences of ${w}`);
    await shot(ada, '01-concurrent-ada');
    await shot(bob, '01-concurrent-bob');
    return [ada, bob];
  },
);

scenario(
  '2 a remote cursor and selection with a name, at the right character',
  async ({ server, browser, docId }) => {
    const ada = await newPerson(browser, 'Ada Lovelace', { width: 900, height: 400 });
    const bob = await newPerson(browser, 'Bob', { width: 900, height: 400 });
    await open(ada, server, docId);
    await open(bob, server, docId);
    await ada.page.keyboard.type(
      '# Meeting notes\n\nAgenda: ship the editor 🚀 and review the server.\n\n**Decisions**: Bob owns the release notes.',
    );
    await converged([ada, bob], 'text');
    const target = 'ship the editor';
    const text = await textOf(ada);
    const pos = text.indexOf(target);
    await ada.page.evaluate(
      ({ from, to }) => window.quire.view.dispatch({ selection: { anchor: from, head: to } }),
      { from: pos, to: pos + target.length },
    );
    await ada.page.keyboard.press('Shift+ArrowRight'); // a real key press too: selection grows by one
    const head = pos + target.length + 1;
    const where = await waitFor("Ada's caret in Bob's page", async () => {
      const r = await bob.page.evaluate(
        ({ name, head }) => {
          const caret = [...document.querySelectorAll('.cm-remote-caret')].find(
            (e) => e.textContent === name,
          );
          if (!caret) return false;
          const c = window.quire.view.coordsAtPos(head);
          const box = caret.getBoundingClientRect();
          const selected = [...document.querySelectorAll('.cm-remote-selection')]
            .map((e) => e.textContent)
            .join('');
          return { dx: box.left - c.left, dy: box.top - c.top, selected };
        },
        { name: 'Ada Lovelace', head },
      );
      return r && Math.abs(r.dx) <= 3 && Math.abs(r.dy) <= 4 && r.selected === target + ' '
        ? r
        : false;
    });
    console.log(
      `    caret offset ${where.dx.toFixed(1)}px, ${where.dy.toFixed(1)}px; selection "${where.selected}"`,
    );
    // Bob types before Ada's selection, on the same line: her cursor must move with the text.
    await bob.page.evaluate(
      (p) => window.quire.view.dispatch({ selection: { anchor: p } }),
      text.indexOf('Agenda'),
    );
    await bob.page.keyboard.type('Friday — ');
    await waitFor("Ada's caret after Bob typed", () =>
      bob.page.evaluate(
        ({ name, head }) => {
          const caret = [...document.querySelectorAll('.cm-remote-caret')].find(
            (e) => e.textContent === name,
          );
          if (!caret) return false;
          const c = window.quire.view.coordsAtPos(head);
          return Math.abs(caret.getBoundingClientRect().left - c.left) <= 3;
        },
        { name: 'Ada Lovelace', head: head + 'Friday — '.length },
      ),
    );
    const peers = await bob.page.$$eval('#peers .peer-name', (els) =>
      els.map((e) => e.textContent),
    );
    assertEqual(
      JSON.stringify(peers),
      JSON.stringify(['Ada Lovelace']),
      "presence list in Bob's page",
    );
    await bob.page.evaluate(
      (p) => window.quire.view.dispatch({ selection: { anchor: p } }),
      (await textOf(bob)).indexOf('release notes') + 7,
    );
    await sleep(600);
    await shot(bob, '02-remote-cursor-bob');
    await shot(ada, '02-remote-cursor-ada');
    return [ada, bob];
  },
);

scenario('3 offline, type, back online: text arrives once', async ({ server, browser, docId }) => {
  const ada = await newPerson(browser, 'Ada Lovelace');
  const bob = await newPerson(browser, 'Bob');
  await open(ada, server, docId);
  await open(bob, server, docId);
  await ada.page.keyboard.type('Online first.\n');
  await converged([ada, bob], 'online');
  await ada.context.setOffline(true);
  await waitFor('offline indicator', async () => (await statusOf(ada)).state !== 'connected');
  await ada.page.keyboard.press('Control+End');
  await ada.page.keyboard.type('Written offline, 🚇 in a tunnel.');
  await bob.page.keyboard.press('Control+End');
  await bob.page.keyboard.type('Bob meanwhile.\n');
  await sleep(800);
  const st = await statusOf(ada);
  if (st.pending === 0) throw new E2eFailure('expected edits waiting while offline');
  if ((await textOf(bob)).includes('tunnel'))
    throw new E2eFailure('offline text reached Bob while offline');
  await shot(ada, '03-offline-ada');
  await ada.context.setOffline(false);
  const text = await converged([ada, bob], 'after reconnect');
  assertEqual(count(text, 'Written offline, 🚇 in a tunnel.'), 1, 'offline text occurrences');
  assertEqual(count(text, 'Bob meanwhile.'), 1, "Bob's text occurrences");
  assertEqual(await restText(server, docId), text, 'GET /api/docs text');
  await shot(ada, '03-back-online-ada');
  return [ada, bob];
});

scenario('4 server stopped and restarted mid-session', async ({ server, browser, docId }) => {
  const ada = await newPerson(browser, 'Ada Lovelace');
  const bob = await newPerson(browser, 'Bob');
  await open(ada, server, docId);
  await open(bob, server, docId);
  await ada.page.keyboard.type('Before the restart.\n');
  await converged([ada, bob], 'before restart');
  await server.stop();
  await waitFor(
    'both pages notice',
    async () =>
      (await statusOf(ada)).state !== 'connected' && (await statusOf(bob)).state !== 'connected',
  );
  await ada.page.keyboard.press('Control+End');
  await ada.page.keyboard.type('Ada while the server is down. ');
  await bob.page.keyboard.press('Control+Home');
  await bob.page.keyboard.type('Bob while down. ');
  await sleep(300);
  await shot(ada, '04-server-down-ada');
  await server.start();
  const text = await converged([ada, bob], 'after restart');
  for (const s of ['Before the restart.', 'Ada while the server is down. ', 'Bob while down. '])
    assertEqual(count(text, s), 1, `occurrences of "${s}"`);
  assertEqual(await restText(server, docId), text, 'GET /api/docs text');
  await ada.page.keyboard.type('And after.');
  const after = await converged([ada, bob], 'typing after restart');
  assertEqual(await restText(server, docId), after, 'GET /api/docs text after typing');
  await shot(bob, '04-after-restart-bob');
  return [ada, bob];
});

scenario(
  '5 history: show an earlier version and restore it',
  async ({ server, browser, docId }) => {
    const ada = await newPerson(browser, 'Ada Lovelace', { width: 1200, height: 640 });
    const bob = await newPerson(browser, 'Bob');
    await open(ada, server, docId);
    await open(bob, server, docId);
    await ada.page.keyboard.type('First draft.');
    const first = await converged([ada, bob], 'first draft');
    const firstVersion = (await statusOf(ada)).version;
    await bob.page.keyboard.press('Control+End');
    await bob.page.keyboard.type(' Bob adds a second sentence.');
    await ada.page.keyboard.press('Control+Home');
    await ada.page.keyboard.type('Title\n');
    const latest = await converged([ada, bob], 'more edits');
    await ada.page.click('#history-toggle');
    await ada.page.waitForSelector('#history:not([hidden])');
    // Keyboard only: the slider has focus; Home goes to version 0, then step right.
    await ada.page.focus('#history-slider');
    await ada.page.keyboard.press('Home');
    for (let i = 0; i < firstVersion; i++) await ada.page.keyboard.press('ArrowRight');
    await waitFor(
      `preview of version ${firstVersion}`,
      async () =>
        (await ada.page.textContent('#history-version'))?.startsWith(
          `Version ${firstVersion} of`,
        ) &&
        (await ada.page.textContent('#history-preview')) === first &&
        !(await ada.page.isDisabled('#history-restore')),
    );
    assertEqual(
      (await server.getJson(`/api/docs/${docId}?version=${firstVersion}`)).content,
      first,
      'REST content at that version',
    );
    const logText = await ada.page.textContent('#history-log');
    if (!logText.includes('Ada Lovelace'))
      throw new E2eFailure(`history log does not name the author: ${logText}`);
    await shot(ada, '05-history-ada');
    await ada.page.click('#history-restore');
    const restored = await converged([ada, bob], 'after restore');
    assertEqual(restored, first, 'text after restore');
    assertEqual(await restText(server, docId), first, 'GET /api/docs after restore');
    // The restore is an ordinary edit of Ada's: undo brings the newer text back, for everyone.
    await ada.page.keyboard.press('Escape');
    await ada.page.keyboard.press('Control+z');
    const undone = await converged([ada, bob], 'after undo');
    assertEqual(undone, latest, 'text after undoing the restore');
    await shot(bob, '05-after-restore-bob');
    return [ada, bob];
  },
);

scenario(
  '6 the document is deleted while someone types: told plainly, text kept',
  async ({ server, browser, docId }) => {
    const ada = await newPerson(browser, 'Ada Lovelace');
    await open(ada, server, docId);
    await ada.page.keyboard.type('Precious words.');
    await converged([ada], 'typed');
    const res = await fetch(`${server.url}/api/docs/${docId}`, { method: 'DELETE' });
    assertEqual(res.status, 204, 'DELETE status');
    await ada.page.waitForSelector('#deleted-banner', { timeout: 10_000 });
    const kept = await ada.page.evaluate(
      (id) => JSON.parse(localStorage.getItem(`quire.draft.${id}`) ?? 'null')?.text,
      docId,
    );
    assertEqual(kept, 'Precious words.', 'text kept in the browser');
    assertEqual(await textOf(ada), 'Precious words.', 'text still shown');
    await shot(ada, '06-deleted-ada');
    // "Start it again with my text": a fresh document, and the kept text offered back.
    await ada.page.click('#deleted-banner .btn.primary');
    await ada.page.waitForSelector('#draft-restore', { timeout: 20_000 });
    await ada.page.click('#draft-restore');
    const text = await converged([ada], 'text put back');
    assertEqual(text, 'Precious words.', 'text after putting it back');
    assertEqual(
      await restText(server, docId),
      'Precious words.',
      'GET /api/docs after putting it back',
    );
    return [ada];
  },
);

scenario('7 the document list shows the documents, newest first', async ({ server, browser }) => {
  const ada = await newPerson(browser, 'Ada Lovelace', { width: 1000, height: 700 });
  await ada.page.goto(server.url + '/');
  await ada.page.waitForSelector('#doc-list');
  const names = await ada.page.$$eval('#doc-list .doc-name', (els) =>
    els.map((e) => e.textContent),
  );
  const api = (await server.getJson('/api/docs?limit=50')).docs.map((d) => d.id);
  assertEqual(JSON.stringify(names), JSON.stringify(api), 'list page order');
  await shot(ada, '07-list-with-documents');
  return [ada];
});

/** A token for the server with authentication on. */
function tokenFor(secret, sub, docs, { name, expiresIn = 3600 } = {}) {
  return signJwt(secret, { sub, ...(name ? { name } : {}), exp: nowSeconds() + expiresIn, docs });
}

function assertNoTokenInUrl(person) {
  if (person.page.url().includes('token='))
    throw new E2eFailure(`the token is still in the address bar: ${person.page.url()}`);
}

authScenario(
  '8 a read-only share link: typing changes nothing, the page says read-only, live edits appear',
  async ({ authServer, secret, browser, docId }) => {
    const owner = await newPerson(browser, 'not used', { width: 1100, height: 600 });
    const admin = tokenFor(secret, 'olive', { '*': 'admin' }, { name: 'Olive Owner' });
    await owner.page.goto(`${authServer.url}/d/${docId}#token=${admin}`);
    await owner.page.waitForSelector('#status[data-state="connected"]', { timeout: 20_000 });
    assertNoTokenInUrl(owner);
    await owner.page.click('.cm-content');
    await owner.page.keyboard.type('Shared text.');
    await converged([owner], 'owner typed');

    // The owner makes a read-only link with the Share control.
    await owner.page.click('#share');
    await owner.page.selectOption('#share-role', 'read');
    await owner.page.click('#share-create');
    await owner.page.waitForSelector('#share-url');
    const link = await owner.page.inputValue('#share-url');
    if (!link.startsWith(`${authServer.url}/d/${docId}#token=`))
      throw new E2eFailure(`share link has an unexpected form: ${link}`);
    await shot(owner, '08-share-dialog-owner');
    await owner.page.keyboard.press('Escape');

    const reader = await newPerson(browser, 'not used', { width: 1100, height: 600 });
    await reader.page.goto(link);
    await reader.page.waitForSelector('#status[data-state="connected"]', { timeout: 20_000 });
    assertNoTokenInUrl(reader);
    await reader.page.waitForSelector('#read-only:not([hidden])');
    assertEqual(await reader.page.textContent('#read-only'), 'Read-only', 'read-only label');
    assertEqual(
      await reader.page.getAttribute('.cm-content', 'aria-readonly'),
      'true',
      'aria-readonly of the text',
    );
    assertEqual(await textOf(reader), 'Shared text.', 'text in the read-only page');
    const before = await authServer.getJson(`/api/docs/${docId}`);

    // Typing, deleting, undoing and pasting change nothing, locally or on the server.
    await reader.page.click('.cm-content');
    await reader.page.keyboard.type('reader was here');
    await reader.page.keyboard.press('Backspace');
    await reader.page.keyboard.press('Enter');
    await reader.page.keyboard.press('Control+a');
    await reader.page.keyboard.press('Delete');
    await reader.page.keyboard.press('Control+z');
    await reader.page.keyboard.insertText('inserted');
    await sleep(700);
    assertEqual(await textOf(reader), 'Shared text.', 'text after typing in the read-only page');
    assertEqual((await statusOf(reader)).pending, 0, 'edits waiting in the read-only page');
    const after = await authServer.getJson(`/api/docs/${docId}`);
    assertEqual(after.version, before.version, 'server version after the reader typed');
    assertEqual(after.content, 'Shared text.', 'server text after the reader typed');

    // A writer's edits and cursor appear live.
    await owner.page.click('.cm-content');
    await owner.page.keyboard.press('Control+End');
    await owner.page.keyboard.type(' And more, live.');
    await waitFor(
      "the owner's edit in the read-only page",
      async () => (await textOf(reader)) === 'Shared text. And more, live.',
    );
    await waitFor("the owner's cursor in the read-only page", () =>
      reader.page.evaluate(() =>
        [...document.querySelectorAll('.cm-remote-caret')].some(
          (e) => e.textContent === 'Olive Owner',
        ),
      ),
    );

    // No restore in the history, no share control, for a reader.
    await reader.page.click('#history-toggle');
    await reader.page.waitForSelector('#history:not([hidden])');
    assertEqual(await reader.page.isVisible('#history-restore'), false, 'restore button shown');
    assertEqual(await reader.page.isVisible('#share'), false, 'share button shown to a reader');
    assertEqual(await reader.page.textContent('#status'), 'Live', 'status of the read-only page');
    await reader.page.click('.cm-line'); // clears the page selection Control+a made
    await shot(reader, '08-read-only-reader');
    return [owner, reader];
  },
);

scenario(
  '9 a page from another origin cannot open a socket or post an op',
  async ({ server, browser, docId }) => {
    const site = await foreignSite();
    try {
      const visitor = await newPerson(browser, 'Visitor');
      const wsUrl = `${server.url.replace(/^http/, 'ws')}/ws`;
      const tryOpen = () =>
        visitor.page.evaluate(
          (url) =>
            new Promise((resolve) => {
              const ws = new WebSocket(url, ['quire.v1']);
              ws.onopen = () => {
                resolve('open');
                ws.close();
              };
              ws.onclose = (e) => resolve(`closed ${e.code}`);
            }),
          wsUrl,
        );
      // The control: the same script on the server's own page opens a socket.
      await visitor.page.goto(`${server.url}/`);
      assertEqual(await tryOpen(), 'open', "a socket from the server's own origin");
      await visitor.page.goto(`${site.url}/`);
      assertEqual(await tryOpen(), 'closed 1006', 'a socket from another origin');
      // A cross-site "simple" POST (text/plain, no preflight) must not apply an op either.
      await visitor.page.evaluate(
        (url) =>
          fetch(url, {
            method: 'POST',
            mode: 'no-cors',
            headers: { 'content-type': 'text/plain' },
            body: JSON.stringify({ version: 0, op: ['from another site'] }),
          }).catch(() => {}),
        `${server.url}/api/docs/${docId}/ops`,
      );
      const res = await fetch(`${server.url}/api/docs/${docId}`);
      if (res.status !== 404)
        throw new E2eFailure(`the cross-site POST created or changed the document: ${res.status}`);
      return [visitor];
    } finally {
      await site.close();
    }
  },
);

authScenario(
  '10 no token, an expired, a forged or another document’s token: the sign-in page, no editor',
  async ({ authServer, secret, browser, docId }) => {
    const cases = [
      {
        what: 'no token',
        hash: '',
        reason: 'missing',
        title: "You need a link to open this server's documents",
      },
      {
        what: 'an expired token',
        hash: `#token=${tokenFor(secret, 'late', { '*': 'write' }, { expiresIn: -3600 })}`,
        reason: 'expired',
        title: 'This link has expired',
      },
      {
        what: 'a forged token',
        hash: `#token=${tokenFor(randomSecret(), 'mallory', { '*': 'admin' })}`,
        reason: 'invalid',
        title: 'This link does not work here',
      },
      {
        what: 'a token for other documents',
        hash: `#token=${tokenFor(secret, 'other', { 'other-*': 'write' })}`,
        reason: 'forbidden',
        title: "You don't have access to this document",
      },
    ];
    const people = [];
    for (const c of cases) {
      const p = await newPerson(browser, 'Nobody');
      people.push(p);
      await p.page.goto(`${authServer.url}/d/${docId}${c.hash}`);
      await p.page.waitForSelector(`#sign-in[data-reason="${c.reason}"]`, { timeout: 10_000 });
      assertEqual(await p.page.textContent('#sign-in-title'), c.title, `${c.what}: title`);
      assertEqual(await p.page.locator('.cm-editor').count(), 0, `${c.what}: editors on the page`);
      assertNoTokenInUrl(p);
      await shot(p, `10-sign-in-${c.reason}`);
    }
    // The list of documents without a token: the same page.
    const lister = await newPerson(browser, 'Nobody');
    people.push(lister);
    await lister.page.goto(`${authServer.url}/`);
    await lister.page.waitForSelector('#sign-in[data-reason="missing"]', { timeout: 10_000 });
    // And nothing was created by any of these visits.
    const res = await authServer.request(`/api/docs/${docId}`);
    assertEqual(res.status, 404, 'the document after the refused visits');
    return people;
  },
);

authScenario(
  '11 a link that expires while the page is open: the sign-in page',
  async ({ authServer, browser, docId }) => {
    const created = await authServer.request(`/api/docs/${docId}/ops`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ version: 0, op: ['Soon gone.'] }),
    });
    assertEqual(created.status, 200, 'creating the document');
    const shared = await authServer.request(`/api/docs/${docId}/share`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'write', expiresIn: '5s' }),
    });
    assertEqual(shared.status, 200, 'POST share');
    const { url } = await shared.json();
    const guest = await newPerson(browser, 'not used');
    await guest.page.goto(url);
    await guest.page.waitForSelector('#status[data-state="connected"]', { timeout: 10_000 });
    assertEqual(await textOf(guest), 'Soon gone.', 'text before the link expires');
    // --auth-recheck 1s: the server closes the socket with 4401 soon after the expiry.
    await guest.page.waitForSelector('#sign-in[data-reason="expired"]', { timeout: 20_000 });
    assertEqual(
      await guest.page.textContent('#sign-in-title'),
      'This link has expired',
      'title after the expiry',
    );
    assertEqual(await guest.page.locator('.cm-editor').count(), 0, 'editors after the expiry');
    await shot(guest, '11-expired-while-open');
    return [guest];
  },
);

limitedScenario(
  '12 rate-limited: fast typing on a server allowing 2 ops/s arrives once, nothing lost',
  async ({ limitedServer, browser, docId }) => {
    const ada = await newPerson(browser, 'Ada Lovelace');
    let limited = 0;
    let closedBy;
    ada.page.on('websocket', (ws) => {
      ws.on('framereceived', (f) => {
        if (typeof f.payload === 'string' && f.payload.includes('"rate-limited"')) limited++;
      });
      ws.on('close', () => (closedBy ??= 'closed'));
    });
    await open(ada, limitedServer, docId);
    const words = Array.from({ length: 12 }, (_, i) => `word${i} `);
    for (const w of words) {
      await ada.page.keyboard.type(w, { delay: 10 });
      await sleep(40); // each pause lets the next op go out: far more than 2 ops/s
    }
    const text = await converged([ada], 'rate-limited typing');
    assertEqual(text, words.join(''), 'text after backing off');
    assertEqual(await restText(limitedServer, docId), text, 'GET /api/docs text');
    if (limited === 0) throw new E2eFailure('the server never said rate-limited: nothing tested');
    if (closedBy) throw new E2eFailure('the socket was closed: the client flooded');
    console.log(`    ${limited} rate-limited answers, each waited out`);
    return [ada];
  },
);

scenario(
  '13 the npm package: a Node program and a page type into one document and converge',
  async ({ server, browser, docId }) => {
    const pkg = scratchProject();
    let node;
    try {
      for (const f of [
        'package.json',
        'dist/index.js',
        'dist/index.d.ts',
        'dist/codemirror/index.js',
        'dist/codemirror/index.d.ts',
      ]) {
        if (!pkg.files.includes(f)) throw new E2eFailure(`the tarball lacks ${f}: ${pkg.files}`);
      }
      const stray = pkg.files.filter((f) => f.startsWith('test/') || f.includes('tsbuildinfo'));
      assertEqual(stray.join(' '), '', 'tests or build state in the tarball');
      const ada = await newPerson(browser, 'Ada Lovelace');
      await open(ada, server, docId);
      await ada.page.keyboard.type('Shared line.\n');
      await converged([ada], 'seed');
      node = new NodeClient(pkg.scratch, `${server.url.replace(/^http/, 'ws')}/ws`, docId, 'Node');
      await node.next('connected');
      assertEqual((await node.report()).text, 'Shared line.\n', "the Node program's text at join");
      // Different positions: the program appends, the page types at the start, at the same time.
      const nodeWords = Array.from({ length: 14 }, (_, i) => `node${i}🟢 `);
      const pageWords = Array.from({ length: 14 }, (_, i) => `page${i} `);
      await Promise.all([node.type(nodeWords, 'end'), typeWords(ada, pageWords, 'Control+Home')]);
      // The same position: both at the very start.
      const nodeSame = Array.from({ length: 8 }, (_, i) => `N${i}`);
      const pageSame = Array.from({ length: 8 }, (_, i) => `P${i}`);
      await Promise.all([
        node.type(nodeSame, 'start', 25),
        typeWords(ada, pageSame, 'Control+Home', 25),
      ]);
      const { text } = await waitFor(
        'the page and the Node program converge',
        async () => {
          const [page, pageText, program] = await Promise.all([
            statusOf(ada),
            textOf(ada),
            node.report(),
          ]);
          const settled =
            page.state === 'connected' &&
            page.pending === 0 &&
            program.state === 'connected' &&
            program.pending === 0;
          return settled && pageText === program.text ? { text: pageText } : false;
        },
        30_000,
      );
      assertEqual(await restText(server, docId), text, 'GET /api/docs text');
      const expected =
        'Shared line.\n' +
        nodeWords.join('') +
        pageWords.join('') +
        nodeSame.join('') +
        pageSame.join('');
      assertEqual(sortedChars(text), sortedChars(expected), 'every typed character exactly once');
      for (const w of [...nodeWords, ...pageWords])
        assertEqual(count(text, w), 1, `occurrences of ${w}`);
      assertEqual(JSON.stringify(node.problems()), '[]', "the Node program's troubles");
      await shot(ada, '13-node-program-and-page');
      return [ada];
    } finally {
      await node?.stop();
    }
  },
);

/** The text of the embedding's editor, without the other editors' name labels. */
const embeddedText = (p) =>
  p.page.evaluate(() =>
    [...document.querySelectorAll('#quire .cm-line')]
      .map((line) => {
        const copy = line.cloneNode(true);
        copy.querySelectorAll('.cm-remote-caret').forEach((e) => e.remove());
        return copy.textContent;
      })
      .join('\n'),
  );

scenario(
  '14 the npm package: the twenty-line embedding on another site edits with the editor page',
  async ({ browser, docId }) => {
    const example = readFileSync(join(webEditorDir, 'e2e', 'embed', 'embed.js'), 'utf8');
    const guide = readFileSync(join(webEditorDir, '..', 'docs', 'client-typescript.md'), 'utf8');
    if (!guide.includes(example))
      throw new E2eFailure('docs/client-typescript.md does not show e2e/embed/embed.js as it is');
    const built = await buildEmbed(scratchProject().scratch);
    let quire;
    let site;
    try {
      site = await staticSite(built, (html) =>
        html
          .replace('ws://localhost:8080/ws', `${quire.url.replace(/^http/, 'ws')}/ws`)
          .replace('release-notes.md', docId)
          .replace('data-name="Guest"', 'data-name="Grace"'),
      );
      quire = await ServerProcess.create({ args: ['--allowed-origins', site.url] });
      await quire.start();
      const grace = await newPerson(browser, 'Grace');
      await grace.page.goto(`${site.url}/`);
      await grace.page.waitForSelector('#quire .cm-content');
      const ada = await newPerson(browser, 'Ada Lovelace');
      await open(ada, quire, docId);
      await ada.page.keyboard.type('From the editor page.\n');
      await waitFor(
        "the editor page's text in the embedding",
        async () => (await embeddedText(grace)) === 'From the editor page.\n',
      );
      await waitFor("Ada's named caret in the embedding", () =>
        grace.page.evaluate(() =>
          [...document.querySelectorAll('.cm-remote-caret')].some(
            (e) => e.textContent === 'Ada Lovelace',
          ),
        ),
      );
      await grace.page.click('#quire .cm-content');
      await grace.page.keyboard.press('Control+End');
      await grace.page.keyboard.type('From another site.');
      const text = 'From the editor page.\nFrom another site.';
      await waitFor("the embedding's typing on the editor page", async () => {
        const status = await statusOf(ada);
        return status.state === 'connected' && status.pending === 0 && (await textOf(ada)) === text;
      });
      assertEqual(await embeddedText(grace), text, 'text in the embedding');
      assertEqual(await restText(quire, docId), text, 'GET /api/docs text');
      await shot(grace, '14-embedded-on-another-site');
      return [ada, grace];
    } finally {
      await quire?.stop();
      quire?.cleanup();
      await site?.close();
    }
  },
);

scenario(
  '15 the bench report opens in Chromium and shows its plots',
  async ({ server, browser }) => {
    const report = join(screenshotDir, 'bench-report.html');
    const json = join(screenshotDir, 'bench-report.json');
    // A 5-second run of the load tool against the e2e server (default limits: 4 editors at
    // 20 ops/s each stay well under --op-rate 50).
    const { code, output } = await runJava([
      '-jar',
      serverJar,
      'bench',
      '--url',
      `${server.url.replace('http:', 'ws:')}/ws`,
      '--editors',
      '4',
      '--docs',
      '1',
      '--rate-ms',
      '50',
      '--warmup',
      '1s',
      '--duration',
      '5s',
      '--no-progress',
      '--json',
      json,
      '--report',
      report,
    ]);
    assertEqual(code, 0, `bench exit status (output: ${output})`);
    const result = JSON.parse(readFileSync(json, 'utf8'));
    assertEqual(result.converged, true, 'bench converged');
    assertEqual(result.timeline.length, 5, 'seconds in the timeline');
    const viewer = await newPerson(browser, 'not used', { width: 860, height: 1500 });
    await viewer.page.goto(pathToFileURL(report).href);
    assertEqual(await viewer.page.locator('svg').count(), 3, 'plots');
    const drawn = await viewer.page.$$eval(
      'polyline.series',
      (lines) => lines.filter((l) => l.getAttribute('points').split(' ').length >= 2).length,
    );
    assertEqual(drawn, 6, 'lines drawn with at least two points');
    assertEqual(await viewer.page.locator('script').count(), 0, 'scripts in the report');
    await viewer.page.screenshot({ path: join(screenshotDir, 'bench-report.png'), fullPage: true });
    return [viewer];
  },
);

/** Runs `java ARGS`, resolving with its exit code and output. */
function runJava(args) {
  return new Promise((resolvePromise) => {
    const child = spawn('java', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.once('exit', (code) => resolvePromise({ code, output }));
  });
}

authScenario(
  '16 the admin page: healthy at a glance, who edits what; a writer sees no data',
  async ({ authServer, secret, browser, docId }) => {
    const writerToken = tokenFor(secret, 'wren', { '*': 'write' }, { name: 'Wren Writer' });
    const writer = await newPerson(browser, 'not used', { width: 900, height: 500 });
    await writer.page.goto(`${authServer.url}/d/${docId}#token=${writerToken}`);
    await writer.page.waitForSelector('#status[data-state="connected"]', { timeout: 20_000 });
    await writer.page.click('.cm-content');
    await writer.page.keyboard.type('Watched.');
    await converged([writer], 'the writer typed');

    // A token without admin on every document: the page says so and shows nothing.
    const refused = await newPerson(browser, 'not used', { width: 1100, height: 800 });
    await refused.page.goto(`${authServer.url}/admin#token=${writerToken}`);
    await refused.page.waitForSelector('#message:not([hidden])');
    assertEqual(await refused.page.textContent('#overall'), 'no access', 'badge for a writer');
    assertEqual(await refused.page.textContent('#connections'), '–', 'connections for a writer');

    const admin = await newPerson(browser, 'not used', { width: 1100, height: 800 });
    const adminToken = tokenFor(secret, 'ada', { '*': 'admin' }, { name: 'Ada Admin' });
    await admin.page.goto(`${authServer.url}/admin#token=${adminToken}`);
    await admin.page.waitForSelector('#overall.ok', { timeout: 20_000 });
    assertNoTokenInUrl(admin);
    assertEqual(await admin.page.textContent('#overall'), 'healthy', 'badge for an admin');
    assertEqual(await admin.page.textContent('#health'), 'ok', 'health');
    assertEqual(await admin.page.textContent('#ready'), 'ready', 'readiness');
    const row = await waitFor("the writer's document in the table", () =>
      admin.page.evaluate((id) => {
        const tr = [...document.querySelectorAll('#documents tr')].find(
          (r) => r.cells[0]?.textContent === id,
        );
        return tr ? { editors: tr.cells[1].textContent } : false;
      }, docId),
    );
    if (row.editors.trim() === '') throw new E2eFailure('no editor listed for the document');
    if (Number(await admin.page.textContent('#connections')) < 1)
      throw new E2eFailure('the admin page counts no connection');
    await shot(admin, '16-admin-page');
    return [writer, refused, admin];
  },
);

scenario(
  '18 a 3 MB paste: sent as several ops, arrives, no reconnect loop, typing goes on',
  async ({ server, browser, docId }) => {
    const ada = await newPerson(browser, 'Ada Lovelace');
    const bob = await newPerson(browser, 'Bob Kahn');
    let sockets = 0;
    let refusals = 0;
    ada.page.on('websocket', (ws) => {
      sockets++;
      ws.on('framereceived', (f) => {
        if (typeof f.payload === 'string' && f.payload.includes('"type":"error"')) refusals++;
      });
    });
    await open(ada, server, docId);
    await open(bob, server, docId);
    await ada.page.keyboard.type('Start. ');
    await converged([ada, bob], 'before the paste');
    const pasted = await ada.page.evaluate(
      (bytes) => {
        const line = 'The quick brown fox jumps over the lazy dog, 0123456789 é 漢 😀.\n';
        const text = line.repeat(Math.ceil(bytes / new TextEncoder().encode(line).length));
        const data = new DataTransfer();
        data.setData('text/plain', text);
        document
          .querySelector('.cm-content')
          .dispatchEvent(
            new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
          );
        return text.length;
      },
      3 * 1024 * 1024,
    );
    await ada.page.keyboard.type('Typed right after.');
    const text = await converged([ada, bob], 'after the paste');
    assertEqual(text.length, 'Start. '.length + pasted + 'Typed right after.'.length, 'length');
    assertEqual(text.endsWith('😀.\nTyped right after.'), true, 'typing after the paste');
    assertEqual(await restText(server, docId), text, 'GET /api/docs text');
    assertEqual(sockets, 1, 'sockets the pasting page opened');
    assertEqual(refusals, 0, 'errors the pasting page received');
    const status = await ada.page.textContent('#status');
    console.log(`    ${pasted} characters pasted, 1 socket, status "${status?.trim()}"`);
    return [ada, bob];
  },
);

scenario(
  '19 offline with edits waiting: a banner with the count and "retry now", and closing asks first',
  async ({ server, browser, docId }) => {
    const ada = await newPerson(browser, 'Ada Lovelace');
    await open(ada, server, docId);
    await ada.page.keyboard.type('Saved. ');
    await converged([ada], 'before going offline');
    await ada.context.setOffline(true);
    await ada.page.waitForSelector('#offline-banner', { timeout: 10_000 });
    await ada.page.keyboard.type('Not yet.');
    await waitFor('the banner counts the waiting edits', async () =>
      (await ada.page.getAttribute('#offline-banner', 'data-pending')) === '8' ? true : false,
    );
    assertEqual(
      await ada.page.textContent('#offline-waiting'),
      '8 edits are waiting, kept in this browser, and will be sent when it is back.',
      'banner text',
    );
    await shot(ada, '14-offline-banner');
    let asked = '';
    ada.page.on('dialog', (d) => {
      asked = d.type();
      void d.dismiss();
    });
    await ada.page.close({ runBeforeUnload: true });
    await waitFor('the page asks before closing', async () => asked === 'beforeunload');
    assertEqual(ada.page.isClosed(), false, 'the page stays open when the user stays');
    // "Retry now" tries at once: still offline, the attempt fails and the banner says so.
    await ada.page.click('#retry-now');
    await waitFor('the banner after retrying offline', async () =>
      (await ada.page.textContent('#offline-title')) === 'The connection to the server is lost.'
        ? true
        : false,
    );
    await ada.context.setOffline(false);
    const text = await converged([ada], 'back online');
    assertEqual(text, 'Saved. Not yet.', 'text after coming back');
    await ada.page.waitForSelector('#offline-banner', { state: 'detached' });
    return [ada];
  },
);

scenario(
  '20 a tab killed with edits waiting: the reopened page resends them, applied once',
  async ({ server, browser, docId }) => {
    const ada = await newPerson(browser, 'Ada Lovelace');
    const bob = await newPerson(browser, 'Bob Kahn');
    await open(ada, server, docId);
    await open(bob, server, docId);
    await ada.page.keyboard.type('Before. ');
    await converged([ada, bob], 'before the crash');
    await ada.context.setOffline(true);
    await waitFor('offline', async () => (await statusOf(ada)).state !== 'connected');
    await ada.page.keyboard.type('Typed, then the tab died.');
    await sleep(2000);
    // The renderer dies: no pagehide, no beforeunload, nothing written on the way out.
    const crashed = ada.page.waitForEvent('crash', { timeout: 10_000 });
    const cdp = await ada.context.newCDPSession(ada.page);
    void cdp.send('Page.crash').catch(() => {});
    await crashed;
    await ada.page.close().catch(() => {}); // the dead tab is closed, as a user would
    await ada.context.setOffline(false);
    const again = { ...ada, page: await ada.context.newPage(), errors: [] };
    again.page.on('pageerror', (e) => again.errors.push(String(e)));
    await open(again, server, docId);
    const text = await converged([again, bob], 'after reopening');
    assertEqual(text, 'Before. Typed, then the tab died.', 'text after reopening');
    assertEqual(await restText(server, docId), text, 'GET /api/docs text');
    return [again, bob];
  },
);

/** The JVM client's classes (`mvn -pl client test-compile` or later builds them). */
const clientClasspath =
  process.env.QUIRE_CLIENT_CLASSPATH ??
  ['client/target/classes', 'client/target/test-classes', 'ot-core/target/classes']
    .map((p) => join(webEditorDir, '..', p))
    .join(':');

/** One of the JVM client's examples (docs/client.md) as a child process. */
function jvmClient(example, args) {
  const child = spawn(
    'java',
    ['-cp', clientClasspath, `dev.quire.client.examples.${example}`, ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const proc = { child, output: '' };
  proc.exited = new Promise((resolveExit) => child.on('exit', (code) => resolveExit(code)));
  child.stdout.on('data', (d) => (proc.output += d));
  child.stderr.on('data', (d) => (proc.output += d));
  return proc;
}

scenario(
  '17 a page and two JVM clients (the /time bot, the importer) converge',
  async ({ server, browser, docId }) => {
    const ws = `${server.url.replace('http://', 'ws://')}/ws`;
    const bot = jvmClient('TimeBot', [ws, docId]);
    let importer;
    try {
      const ada = await newPerson(browser, 'Ada Lovelace');
      await open(ada, server, docId);
      await ada.page.keyboard.type('Notes from Ada 📝\n/time\n');
      const answered = /^\/time → \d\d:\d\d:\d\d UTC$/m;
      await waitFor('the bot answers /time', async () => answered.test(await textOf(ada)), 60_000);
      const lines = Array.from({ length: 600 }, (_, i) => `imported line ${i} 🚀`);
      const file = `${server.dataDir}-import-${docId}.txt`;
      writeText(file, lines.join('\n') + '\n');
      importer = jvmClient('FileImporter', [ws, docId, file]);
      // Ada types at the top while the file streams in at the end.
      await ada.page.keyboard.press('Control+Home');
      await typeWords(ada, ['typing ', 'while ', 'the ', 'file ', 'arrives. ']);
      const code = await Promise.race([importer.exited, sleep(90_000).then(() => 'timeout')]);
      if (code !== 0) throw new E2eFailure(`importer ended with ${code}: ${importer.output}`);
      await ada.page.keyboard.press('Control+End');
      await ada.page.keyboard.type('/time\n');
      await waitFor(
        'the bot answers the second /time',
        async () => (await textOf(ada)).match(new RegExp(answered.source, 'gm'))?.length === 2,
        60_000,
      );
      const text = await converged([ada], 'page and JVM clients');
      assertEqual(await restText(server, docId), text, 'GET /api/docs text');
      for (const line of lines) assertEqual(count(text, `${line}\n`), 1, `occurrences of ${line}`);
      assertEqual(count(text, 'typing while the file arrives. '), 1, "Ada's words");
      assertEqual(count(text, 'Notes from Ada 📝\n'), 1, "Ada's first line");
      if (bot.child.exitCode !== null) throw new E2eFailure(`the bot ended: ${bot.output}`);
      await shot(ada, '16-page-and-jvm-clients');
      return [ada];
    } finally {
      bot.child.kill();
      importer?.child.kill();
    }
  },
);

/** The names in a page's list of the others, in order ("(idle)" excluded). */
const peerNames = (p) => p.page.$$eval('#peers .peer-name', (els) => els.map((e) => e.textContent));

scenario(
  '21 a guest enters without a dialog and is listed at once; a rename shows live',
  async ({ server, browser, docId }) => {
    const ada = await newPerson(browser, 'Ada');
    await open(ada, server, docId);
    const guest = await newPerson(browser, null);
    // What the guest's page sends: it must not move its cursor or type before Ada lists it.
    const sent = [];
    guest.page.on('websocket', (ws) => ws.on('framesent', (f) => sent.push(String(f.payload))));
    await guest.page.goto(`${server.url}/d/${docId}`);
    await guest.page.waitForSelector('#status[data-state="connected"]', { timeout: 20_000 });
    assertEqual(await guest.page.$('#name-dialog'), null, 'no name dialog for a guest');
    const name = await guest.page.evaluate(() => localStorage.getItem('quire.name'));
    if (!/^Guest [A-Z][a-z]+ \d\d$/.test(name)) throw new E2eFailure(`guest name: ${name}`);
    await waitFor('Ada lists the guest', async () => (await peerNames(ada)).join() === name, 5000);
    const types = sent.map((f) => JSON.parse(f).type);
    assertEqual(types.join(), 'join', 'the guest sent only its join before being listed');
    await waitFor('the guest lists Ada', async () => (await peerNames(guest)).join() === 'Ada');

    // The guest edits at once.
    await guest.page.click('.cm-content');
    await guest.page.keyboard.type('hello from a guest');
    assertEqual(await converged([ada, guest], 'guest typing'), 'hello from a guest', 'text');

    // Escape leaves the name as it was; a rename shows live, on the same connection.
    const before = await ada.page.$eval('#peers .peer', (e) => e.dataset.clientId);
    await guest.page.click('#me');
    await guest.page.waitForSelector('#name-dialog[open]');
    await guest.page.fill('#name-input', 'Not this');
    await guest.page.keyboard.press('Escape');
    await guest.page.waitForSelector('#name-dialog', { state: 'detached' });
    await guest.page.click('#me');
    await guest.page.fill('#name-input', 'Grace Hopper');
    await guest.page.click('#name-ok');
    await waitFor(
      'Ada sees the rename',
      async () => (await peerNames(ada)).join() === 'Grace Hopper',
      5000,
    );
    const after = await ada.page.$eval('#peers .peer', (e) => e.dataset.clientId);
    assertEqual(after, before, 'the same client id: no reload, no rejoin');
    assertEqual(
      await guest.page.$eval('#me', (e) => e.getAttribute('aria-label')),
      'You are Grace Hopper. Change your name',
      'the guest’s own avatar',
    );

    // A later visitor is given both in joined, names included, before anyone moves.
    const cy = await newPerson(browser, 'Cy');
    await cy.page.goto(`${server.url}/d/${docId}`);
    await waitFor(
      'Cy lists both',
      async () => (await peerNames(cy)).sort().join() === 'Ada,Grace Hopper',
    );
    // Ada reloads: the others see her leave and come back (a new client id) at once.
    const adaIdAt = (p) =>
      p.page.$$eval('#peers .peer', (els) =>
        els
          .filter((e) => e.querySelector('.peer-name').textContent === 'Ada')
          .map((e) => e.dataset.clientId),
      );
    const [adaBefore] = await adaIdAt(cy);
    await ada.page.reload();
    await waitFor('Cy lists the reloaded Ada', async () => {
      const ids = await adaIdAt(cy);
      return ids.length === 1 && ids[0] !== adaBefore;
    });
    await shot(ada, '21-presence-ada');
    return [ada, guest, cy];
  },
);

scenario(
  '80 three pages type at once over ops batches: own entries ack, cursors arrive, text converges',
  async ({ server, browser, docId }) => {
    const people = [];
    const frames = [];
    for (const name of ['Ada', 'Bob', 'Cy']) {
      const p = await newPerson(browser, name);
      p.page.on('websocket', (ws) =>
        ws.on('framereceived', (f) => {
          if (typeof f.payload === 'string') frames.push(JSON.parse(f.payload));
        }),
      );
      await open(p, server, docId);
      people.push(p);
    }
    const words = people.map((p, n) => Array.from({ length: 10 }, (_, i) => `${'abc'[n]}${i}😀 `));
    await Promise.all(people.map((p, n) => typeWords(p, words[n], 'Control+End', 10)));
    const text = await converged(people, 'typing over batches');
    assertEqual(await restText(server, docId), text, 'GET /api/docs text');
    // All three type at the end at once, so words interleave: every character exactly once.
    assertEqual(
      sortedChars(text),
      sortedChars(words.flat().join('')),
      'every typed character once',
    );
    const types = new Set(frames.map((f) => f.type));
    // The pages joined with accept ["ops"]: the server sends batches, never a single op or ack.
    for (const single of ['op', 'ack', 'presence'])
      if (types.has(single)) throw new E2eFailure(`a page was sent a single "${single}" message`);
    const batches = frames.filter((f) => f.type === 'ops');
    if (!batches.some((b) => (b.presence ?? []).length > 0))
      throw new E2eFailure('no batch carried a cursor');
    const entries = batches.flatMap((b) => b.ops).filter((e) => e.seq !== undefined);
    if (entries.length === 0) throw new E2eFailure('no batch carried a typed op');
    console.log(
      `    ${batches.length} batches, ${entries.length} entries, largest ${Math.max(...batches.map((b) => b.ops.length))} ops`,
    );
    return people;
  },
);

async function main() {
  preflight();
  const server = await ServerProcess.create();
  // Further servers, each started at the first scenario that needs it.
  const secret = randomSecret();
  const extras = {
    auth: {
      label: 'with authentication on',
      create: () =>
        ServerProcess.create({
          env: { QUIRE_JWT_SECRET: secret },
          args: ['--auth-recheck', '1s'],
          token: signJwt(secret, {
            sub: 'e2e',
            exp: nowSeconds() + 86_400,
            docs: { '*': 'admin' },
          }),
        }),
    },
    limited: {
      label: 'with --op-rate 2 --op-burst 2',
      create: () => ServerProcess.create({ args: ['--op-rate', '2', '--op-burst', '2'] }),
    },
  };
  const running = {};
  let browser;
  const failures = [];
  let passed = 0;
  try {
    await server.start();
    console.log(`server ${server.url} (data ${server.dataDir})`);
    browser = await launchBrowser();
    // QUIRE_E2E_ONLY: scenarios whose names start with one of these comma-separated prefixes
    // (the number and a space, e.g. "8 ,10 ").
    const only = process.env.QUIRE_E2E_ONLY?.split(',').filter(Boolean);
    for (const [i, s] of scenarios.entries()) {
      if (only && !only.some((prefix) => s.name.startsWith(prefix))) continue;
      // Each run has its own empty data directory, so readable names are unique enough.
      const docId = i === 2 ? 'meeting-notes.md' : `e2e-${i}-${Date.now().toString(36)}`;
      const started = Date.now();
      let people = [];
      try {
        if (!server.child) await server.start();
        if (s.needs && !running[s.needs]) {
          const extra = await extras[s.needs].create();
          running[s.needs] = extra;
          await extra.start();
          console.log(`server ${extras[s.needs].label} ${extra.url}`);
        }
        people = await s.fn({
          server,
          authServer: running.auth,
          limitedServer: running.limited,
          secret,
          browser,
          docId,
        });
        const errors = people.flatMap((p) =>
          p.errors.filter((e) => !IGNORED_CONSOLE.some((re) => re.test(e))),
        );
        if (errors.length > 0) throw new E2eFailure(`console errors: ${errors.join(' | ')}`);
        if (i === 2) await sideBySide(browser, people, 'two-windows');
        console.log(`ok   ${s.name} (${Date.now() - started} ms)`);
        passed++;
      } catch (e) {
        failures.push(s.name);
        console.log(`FAIL ${s.name}: ${e instanceof Error ? e.stack : e}`);
      } finally {
        for (const p of people ?? []) await p.context.close().catch(() => {});
      }
    }
  } finally {
    await browser?.close().catch(() => {});
    await server.stop();
    for (const extra of Object.values(running)) await extra.stop();
    if (failures.length > 0) {
      console.log(`server output (tail):\n${server.output.split('\n').slice(-40).join('\n')}`);
      for (const [name, extra] of Object.entries(running))
        console.log(
          `${name} server output (tail):\n${extra.output.split('\n').slice(-40).join('\n')}`,
        );
    }
    server.cleanup();
    for (const extra of Object.values(running)) extra.cleanup();
  }
  console.log(`screenshots: ${screenshotDir}`);
  console.log(`e2e: ${passed} passed, ${failures.length} failed`);
  if (failures.length > 0) {
    console.log(`${failures.length} scenario(s) failed: ${failures.join('; ')}`);
    process.exit(1);
  }
}

main().catch((e) => {
  console.error(e instanceof E2eFailure ? `e2e: ${e.message}` : e);
  process.exit(1);
});
