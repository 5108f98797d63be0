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
// and, for comments (issue 17):
//  50. select → comment; both pages show it live, as text (markup included), highlighted; the
//      highlight and the range follow the words while the other types around them; reply, resolve.
//  51. suggest mode: keystrokes become one suggestion shown inline and in the sidebar on both pages
//      (markup as text, axe clean); the other accepts, the text changes for both, Ctrl+Z on the
//      accepter's page reverts the acceptance; reject.
//  19. offline with edits waiting: the banner counts them, "retry now", closing the tab asks;
//  20. a tab killed with edits waiting: the reopened page resends them, each applied once.
// and, for presence and guests (issue 12):
//  21. a first-time visitor opens a link and edits at once as a guest (no dialog), listed by the
//      others before moving its cursor; a rename from the avatar shows live; Escape cancels.
// and, for pipelining (issue 16, decision 039):
//  22b. two pages (the default window, 4) type 180 keys at once with no pause: the frames show
//      more than one op in flight (at most 4), both converge to GET /api/docs and say Saved; a
//      page opened with `?window=1` never has two in flight;
//  22c. the same against a server keeping one version of history (`--history-limit 1`): pipelined
//      ops are refused (version-out-of-range) and sent again rebased, one at a time, under their
//      seqs (decision 046) — no rejoin, no resync, every key once, Saved.
// and, for the look and feel (issue 12):
//  70. Markdown preview and split view render; a <script>, an onerror= and a javascript: link in
//      the document do not run; the sanitiser removes what markdown-it never makes; headings are
//      larger in the editor; synced scrolling both ways;
//  71. export: .txt, .md and a standalone .html download with the right content; PDF prints only
//      the rendered document;
//  72. dark mode follows prefers-color-scheme; the toggle is remembered over a reload;
//  73. at 390 × 844 the header is one row; Copy link and the view are in the "More" menu;
//  74. word and character count, thousands separators and words in the list, the shortcut sheet
//      on "?", the find panel styled like the page, name labels only on hover, your own avatar
//      in your colour;
//  75. axe-core: no serious or critical violation on the list and editor pages (light, dark);
//      every control of the editor page is reached with Tab.
// and, for chat (issue 17):
//  90. two pages chat: a message appears in the other page (unread count on its closed panel),
//      `<img src=x onerror=…>` is shown as text and no handler runs, name and colour are the
//      sender's, a reload shows the history, older messages load on scrolling up, Escape
//      closes; axe-clean with the panel open.
// and, for documents and history (issue 12):
//  60. a title set in the header shows live for the other editor, in the list and over REST;
//  61. the list creates "Meeting notes" as meeting-notes with its title, searches, sorts by title;
//  62. delete asks first, undo brings the document back, and without undo it is gone;
//  63. a link to a document that does not exist: an empty editor, nothing stored until typing;
//  64. the history shows the whole selected version in the editor's place, changes marked, at
//      the current version first, following live edits;
//  65. two versions compared: the inline diff has the inserted and the deleted text;
//  66. the current version named: the name is listed, stored, and there after a reload;
//  67. a log of 700 changes: the history pages back past 200 to version 1.
// and, for authorship (issue 17):
//  95. "Authors" colours Ada's and Bo's text in two colours (hers her presence colour), names the
//      author on hover, follows Bo's live typing, passes axe, and colours the history version too.
// and, for the HTTP fallback (issue 15):
//  40. a page without WebSocket (removed by an init script) and a normal page type concurrently
//      and converge; the fallback page shows "· HTTP"; offline and back on it loses nothing;
//  41. through a real nginx that refuses upgrades and buffers responses, the editor falls back
//      and edits with a page connected directly.
// and, for scale-out (issue 13), against two nodes on PostgreSQL and Redis behind nginx:
//  30. a page on each node (nginx, least_conn, no stickiness) types with emoji, both converge;
//      one node is killed with SIGKILL, its page reconnects through nginx to the other and goes
//      on, and the dead node's editor disappears from the other page's peers.
// Screenshots go to web-editor/target/e2e-screenshots/. Run: npm run e2e (after building the jar).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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
import { Cluster } from './cluster.mjs';
import { startRefusingProxy } from './proxy.mjs';

const IGNORED_CONSOLE = [/WebSocket/i, /net::ERR_/, /Failed to load resource/];

/** QUIRE_E2E_WINDOW=N opens every editor page with `?window=N` (decisions 039, 046; default 4). */
const windowQuery = process.env.QUIRE_E2E_WINDOW ? `?window=${process.env.QUIRE_E2E_WINDOW}` : '';

async function open(person, server, docId) {
  await person.page.goto(`${server.url}/d/${docId}${windowQuery}`);
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
/** A scenario against a server keeping 1 s of op history (`retentionServer`). */
const retentionScenario = (name, fn) => scenarios.push({ name, fn, needs: 'retention' });
/** A scenario against two nodes on PostgreSQL and Redis behind nginx (`cluster`). */
const clusterScenario = (name, fn) => scenarios.push({ name, fn, needs: 'cluster' });

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
    assertEqual(await reader.page.isVisible('#history-name'), false, 'name button shown');
    assertEqual(await reader.page.textContent('#status'), 'Live', 'status of the read-only page');
    // The open history shows the version in the editor's place: close it to see the text again.
    await reader.page.click('#history-toggle');
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
    const frames = []; // the errors and joins, for a failure's message
    ada.page.on('websocket', (ws) => {
      ws.on('framereceived', (f) => {
        if (typeof f.payload === 'string' && f.payload.includes('"rate-limited"')) limited++;
        if (typeof f.payload === 'string' && f.payload.includes('"type":"error"'))
          frames.push(f.payload.slice(0, 160));
      });
      ws.on('framesent', (f) => {
        if (typeof f.payload === 'string' && !f.payload.includes('"type":"presence"'))
          frames.push(`sent ${f.payload.slice(0, 100)}`);
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
    if (text !== words.join('')) console.log(`    frames:\n      ${frames.join('\n      ')}`);
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
      'GH: you are Grace Hopper. Change your name',
      'the guest’s own avatar',
    );
    // Its visible initials, "GH", are in its accessible name (a two-word name; WCAG 2.5.3), and
    // they stand out from its colour (4.5:1, axe color-contrast).
    await guest.page.evaluate(axeSource);
    assertEqual(
      await guest.page.evaluate(async () =>
        (
          await window.axe.run('#me', {
            runOnly: ['label-content-name-mismatch', 'color-contrast'],
          })
        ).violations
          .map((v) => v.id)
          .join(),
      ),
      '',
      'label-content-name-mismatch and color-contrast on the avatar button',
    );
    // The colour comes from the session: the avatar in every colour of the server's palette
    // (decision 041), each checked by axe: no violation, one node passed (the initials).
    const palette = serverPalette();
    assertEqual(
      await guest.page.evaluate(async (colours) => {
        const avatar = document.querySelector('#me .avatar');
        const before = avatar.style.background;
        const out = [];
        for (const c of colours) {
          avatar.style.background = c;
          const r = await window.axe.run('#me', { runOnly: ['color-contrast'] });
          out.push(
            `${c} ${r.violations.length}/${r.passes.reduce((n, p) => n + p.nodes.length, 0)}`,
          );
        }
        avatar.style.background = before;
        return out.join();
      }, palette),
      palette.map((c) => `${c} 0/1`).join(),
      'color-contrast of the avatar in each presence colour',
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

/**
 * Watches a page's WebSocket frames: the most of its own ops in flight at once (an `op` sent and
 * its `ack`, or its own entry of an `ops` batch, not yet received).
 */
/**
 * Counts a page's op frames: the most in flight (sent, not acknowledged), joins, refusals
 * (`version-out-of-range` of an op) and ops sent again under a seq already sent.
 */
function watchInFlight(person) {
  const seen = { sent: 0, acked: 0, max: 0, clientId: undefined, joins: 0, refused: 0, again: 0 };
  person.page.on('websocket', (ws) => {
    ws.on('framesent', (f) => {
      if (typeof f.payload !== 'string') return;
      if (f.payload.includes('"type":"join"')) seen.joins++;
      if (!f.payload.includes('"type":"op"')) return;
      const m = JSON.parse(f.payload);
      if (m.type !== 'op') return;
      if (m.seq <= seen.sent) seen.again++;
      seen.sent = Math.max(seen.sent, m.seq);
      seen.max = Math.max(seen.max, seen.sent - seen.acked);
    });
    ws.on('framereceived', (f) => {
      if (typeof f.payload !== 'string') return;
      const m = JSON.parse(f.payload);
      if (m.type === 'error' && m.code === 'version-out-of-range' && m.seq !== undefined)
        seen.refused++;
      if (m.type === 'error')
        (seen.errors ??= []).push(
          `${m.code}${m.seq === undefined ? '' : ' ' + m.seq}: ${m.message}`,
        );
      if (m.type === 'joined') seen.clientId = m.clientId;
      if (m.type === 'ack') seen.acked = Math.max(seen.acked, m.seq);
      if (m.type === 'ops')
        for (const e of m.ops ?? [])
          if (e.clientId === seen.clientId && e.seq !== undefined)
            seen.acked = Math.max(seen.acked, e.seq);
    });
  });
  return seen;
}

scenario(
  '22b two pages type fast at once: several ops in flight (decision 039), converged, Saved',
  async ({ server, browser, docId }) => {
    const ada = await newPerson(browser, 'Ada Lovelace');
    const bob = await newPerson(browser, 'Bob');
    const adaFlight = watchInFlight(ada);
    const bobFlight = watchInFlight(bob);
    // The page's default window: 4, the generator's (decisions 039, 046).
    for (const p of [ada, bob]) {
      await p.page.goto(`${server.url}/d/${docId}`);
      await p.page.waitForSelector('#status[data-state="connected"]', { timeout: 20_000 });
      await p.page.click('.cm-content');
    }
    await ada.page.keyboard.type('Middle.\n');
    await converged([ada, bob], 'seed');
    // Key after key without a pause, both at once: each key is an op; an ack waits for its
    // group's fsync (the default), so the next keys go out before it comes back.
    const aText = Array.from({ length: 12 }, (_, i) => `ada${i}😀 `).join('');
    const bText = Array.from({ length: 12 }, (_, i) => `bob${i} `).join('');
    await ada.page.keyboard.press('Control+End');
    await bob.page.keyboard.press('Control+Home');
    await Promise.all([
      ada.page.keyboard.type(aText, { delay: 0 }),
      bob.page.keyboard.type(bText, { delay: 0 }),
    ]);
    const text = await converged([ada, bob], 'fast typing');
    assertEqual(await restText(server, docId), text, 'GET /api/docs text');
    assertEqual(text, bText + 'Middle.\n' + aText, 'every typed character once, in place');
    for (const p of [ada, bob])
      await waitFor('the status says Saved', async () =>
        (await p.page.textContent('#status'))?.includes('Saved') ? true : false,
      );
    console.log(`    most ops in flight: Ada ${adaFlight.max}, Bob ${bobFlight.max}`);
    if (Math.max(adaFlight.max, bobFlight.max) < 2)
      throw new E2eFailure('never two ops in flight: the window was not used');
    if (Math.max(adaFlight.max, bobFlight.max) > 4)
      throw new E2eFailure('more ops in flight than the window of 4');
    // `?window=1`: ot.js, one op in flight, the keys typed meanwhile composed into the next.
    const cy = await newPerson(browser, 'Cy');
    const cyFlight = watchInFlight(cy);
    await cy.page.goto(`${server.url}/d/${docId}?window=1`);
    await cy.page.waitForSelector('#status[data-state="connected"]', { timeout: 20_000 });
    await cy.page.click('.cm-content');
    await cy.page.keyboard.press('Control+End');
    const cText = Array.from({ length: 12 }, (_, i) => `cy${i} `).join('');
    await cy.page.keyboard.type(cText, { delay: 0 });
    const after = await converged([ada, bob, cy], 'one op in flight');
    assertEqual(after, text + cText, 'the keys of the page with ?window=1, once, in place');
    console.log(`    most ops in flight with ?window=1: ${cyFlight.max}`);
    assertEqual(cyFlight.max, 1, 'ops in flight with ?window=1');
    return [ada, bob, cy];
  },
);

retentionScenario(
  '22c two pages type fast on a server keeping one version of history: refused ops sent again rebased, no resync',
  async ({ retentionServer: server, browser, docId }) => {
    const ada = await newPerson(browser, 'Ada Lovelace');
    const bob = await newPerson(browser, 'Bob');
    const flights = [watchInFlight(ada), watchInFlight(bob)];
    for (const p of [ada, bob]) {
      await p.page.goto(`${server.url}/d/${docId}`);
      await p.page.waitForSelector('#status[data-state="connected"]', { timeout: 20_000 });
      await p.page.click('.cm-content');
    }
    await ada.page.keyboard.type('Middle.\n');
    await converged([ada, bob], 'seed');
    // With `--history-limit 1` the server cannot bridge an op whose own ops in flight reach back
    // beyond the one version it keeps: it refuses it (version-out-of-range) and the ops sent
    // after it (seq-gap). The page sends them again rebased, one at a time (decision 046).
    const aText = Array.from({ length: 12 }, (_, i) => `ada${i}😀 `).join('');
    const bText = Array.from({ length: 12 }, (_, i) => `bob${i} `).join('');
    await ada.page.keyboard.press('Control+End');
    await bob.page.keyboard.press('Control+Home');
    await Promise.all([
      ada.page.keyboard.type(aText, { delay: 0 }),
      bob.page.keyboard.type(bText, { delay: 0 }),
    ]);
    const text = await converged([ada, bob], 'fast typing');
    const [a, b] = flights;
    console.log(`    errors: Ada ${JSON.stringify(a.errors)}, Bob ${JSON.stringify(b.errors)}`);
    for (const p of [ada, bob]) {
      const banner = await p.page.$('#draft-banner');
      if (banner !== null)
        console.log(`    ${p.name}'s draft banner: ${await banner.textContent()}`);
    }
    assertEqual(await restText(server, docId), text, 'GET /api/docs text');
    assertEqual(text, bText + 'Middle.\n' + aText, 'every typed character once, in place');
    for (const p of [ada, bob])
      await waitFor('the status says Saved', async () =>
        (await p.page.textContent('#status'))?.includes('Saved') ? true : false,
      );
    console.log(
      `    refused: Ada ${a.refused}, Bob ${b.refused}; sent again: Ada ${a.again}, Bob ${b.again}; most in flight: Ada ${a.max}, Bob ${b.max}`,
    );
    assertEqual(`${a.joins} ${b.joins}`, '1 1', 'joins of Ada and Bob (no rejoin, no resync)');
    if (a.refused + b.refused === 0)
      throw new E2eFailure('no op was refused: the recovery was not exercised');
    if (a.again < a.refused || b.again < b.refused)
      throw new E2eFailure('a refused op was not sent again');
    for (const p of [ada, bob])
      if ((await p.page.$('#draft-banner')) !== null)
        throw new E2eFailure(`${p.name ?? 'a page'} shows the draft banner: it resynced`);
    return [ada, bob];
  },
);

retentionScenario(
  '22 away longer than --history-retention: the document as it is now, my text beside it, nothing lost',
  async ({ retentionServer: server, browser, docId }) => {
    const ada = await newPerson(browser, 'Ada Lovelace');
    const bob = await newPerson(browser, 'Bob');
    await open(ada, server, docId);
    await open(bob, server, docId);
    await ada.page.keyboard.type('Shared start.\n');
    await converged([ada, bob], 'online');
    const left = (await statusOf(ada)).version;
    await ada.context.setOffline(true);
    await waitFor('offline indicator', async () => (await statusOf(ada)).state !== 'connected');
    await ada.page.keyboard.press('Control+End');
    await ada.page.keyboard.type('Typed on a long flight.');
    await bob.page.keyboard.press('Control+End');
    // Word by word, each acknowledged before the next: at least six versions, so a snapshot
    // (every 5) lies past Ada's version whatever the typing speed and the fsync make of the ops.
    for (const word of ['Bob ', 'kept ', 'editing ', 'for ', 'weeks.', '\n']) {
      await bob.page.keyboard.type(word);
      await converged([bob], `Bob typed ${JSON.stringify(word)}`);
    }
    // The server keeps 1 s of history (a sweep every second): Ada's version is folded away.
    const first = async () =>
      (await server.getJson(`/api/docs/${docId}/ops?from=1`)).ops[0]?.version ?? 0;
    try {
      await waitFor('the op log compacted', async () => (await first()) > left + 1, 60_000);
    } catch (e) {
      // What the sweeps did (or why not), for a failure on a loaded machine.
      throw new E2eFailure(`${e.message}; server log tail:\n${server.output.slice(-4000)}`);
    }
    await ada.context.setOffline(false);
    await waitFor(
      'the merge view',
      async () => (await ada.page.$('#draft-banner #draft-text')) !== null,
      30_000,
    );
    const banner = await ada.page.textContent('#draft-banner p');
    if (!banner.includes('away longer than this server keeps its edit history'))
      throw new E2eFailure(`banner: ${banner}`);
    const mine = await ada.page.textContent('#draft-text');
    assertEqual(mine, 'Shared start.\nTyped on a long flight.', 'my text beside the document');
    const text = await converged([ada, bob], 'the document as it is now');
    assertEqual(text, 'Shared start.\nBob kept editing for weeks.\n', 'the document');
    await shot(ada, '22-history-compacted-merge-view');
    // "Put my text back": one edit, sent like any other, that everyone receives.
    await ada.page.click('#draft-restore');
    const after = await converged([ada, bob], 'my text put back');
    assertEqual(after, 'Shared start.\nTyped on a long flight.', 'after putting my text back');
    return [ada, bob];
  },
);

// ---- Look and feel (issue 12): scenarios 70–75 ----

/** Replaces the whole text as the user's own edit (one op), and waits until it is acknowledged. */
async function setText(person, text) {
  await person.page.evaluate((t) => {
    const v = window.quire.view;
    v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: t } });
  }, text);
  await waitFor('the edit is acknowledged', async () => (await statusOf(person)).pending === 0);
}

/** Clicks a "More" menu entry and returns the download it starts: its name and text. */
async function downloadFromMenu(person, itemId) {
  await person.page.click('#more');
  const [download] = await Promise.all([
    person.page.waitForEvent('download'),
    person.page.click(`#${itemId}`),
  ]);
  return {
    name: download.suggestedFilename(),
    text: readFileSync(await download.path(), 'utf8'),
  };
}

const lookDoc = (what) => `${what}-${Date.now().toString(36)}.md`;

scenario(
  '70 Markdown preview and split view: rendered, nothing from the document runs, scrolls along',
  async ({ server, browser }) => {
    const docId = lookDoc('preview');
    const ada = await newPerson(browser, 'Ada', { width: 1280, height: 800 });
    await open(ada, server, docId);
    await ada.page.waitForSelector('.workspace[data-view="split"]'); // wide screen: split
    const evil = [
      '# Plan',
      '',
      'Some **bold** and a [link](https://example.org/a).',
      '',
      '<script>window.__ran = "script"</script>',
      '',
      '<img src="x" onerror="window.__ran = \'onerror\'">',
      '',
      "[click](javascript:window.__ran='link')",
      '',
      '<a href="#" onclick="window.__ran=\'click\'">a raw link</a>',
    ].join('\n');
    await setText(ada, evil);
    await ada.page.waitForSelector('#md-preview h1');
    const seen = await ada.page.evaluate(() => {
      const p = document.getElementById('md-preview');
      return {
        h1: p.querySelector('h1').textContent,
        strong: p.querySelector('strong').textContent,
        links: [...p.querySelectorAll('a')].map((a) => a.getAttribute('href')),
        elements: p.querySelectorAll('script, img, [onerror], [onclick]').length,
        text: p.textContent,
      };
    });
    assertEqual(seen.h1, 'Plan', 'heading');
    assertEqual(seen.strong, 'bold', 'bold');
    assertEqual(seen.links.join(), 'https://example.org/a', 'the only link');
    assertEqual(seen.elements, 0, 'no script, img or handler in the preview');
    for (const shown of ['<script>window.__ran = "script"</script>', 'onerror=', 'javascript:'])
      if (!seen.text.includes(shown))
        throw new E2eFailure(`preview does not show ${shown} as text`);
    await ada.page.click('#md-preview p:last-child');
    await sleep(300);
    assertEqual(await ada.page.evaluate(() => window.__ran), undefined, 'nothing ran');

    // The DOM check behind it, on HTML markdown-it never makes.
    const checked = await ada.page.evaluate(() =>
      window.quire.sanitize(
        '<p data-line="0" onclick="x()">a<script>alert(1)</script><img src="javascript:x" onerror="y()"><a href="javascript:z()">l</a><iframe src="/"></iframe></p>',
      ),
    );
    assertEqual(
      checked.html,
      '<p data-line="0">aalert(1)<img><a rel="noopener noreferrer nofollow">l</a></p>',
      'sanitised',
    );
    assertEqual(checked.removed, 6, 'removed elements and attributes');
    // Chrome reports (and blocks) a handler attribute as soon as it is parsed, even in the
    // sanitiser's inert document: the page's CSP is a third line of defence. Expected here only.
    await sleep(200);
    const blocked = ada.errors.filter((e) => e.startsWith('Executing inline event handler'));
    assertEqual(blocked.length, 2, 'CSP reports for the two handlers the sanitiser was given');
    ada.errors.splice(0, ada.errors.length, ...ada.errors.filter((e) => !blocked.includes(e)));

    // Headings are larger in the editor too.
    const sizes = await ada.page.evaluate(() => {
      const lines = document.querySelectorAll('.cm-line');
      return [
        getComputedStyle(lines[0].querySelector('span')).fontSize,
        getComputedStyle(lines[2]).fontSize,
      ];
    });
    assertEqual(sizes.join(), '24px,15px', 'the heading line is 1.6 × the text');

    // Synced scrolling both ways on a long document.
    const long = Array.from(
      { length: 120 },
      (_, i) => `## Section ${i}\n\nParagraph ${i}: ${'words to wrap the line. '.repeat(6)}\n`,
    ).join('\n');
    await setText(ada, long);
    await ada.page.waitForFunction(
      () => document.querySelectorAll('#md-preview h2').length === 120,
    );
    const previewGap = await ada.page.evaluate(async () => {
      const v = window.quire.view;
      const pos = v.state.doc.toString().indexOf('## Section 80');
      // CodeMirror's own scroll: it measures the lines it draws (lineBlockAt(pos).top is only an
      // estimate for lines not drawn yet, off by a wrapped line or more in a narrow pane).
      v.dispatch({ effects: v.constructor.scrollIntoView(pos, { y: 'start' }) });
      await new Promise((r) => setTimeout(r, 300));
      const p = document.getElementById('md-preview');
      const h2 = [...p.querySelectorAll('h2')].find((e) => e.textContent === 'Section 80');
      return h2.getBoundingClientRect().top - p.getBoundingClientRect().top;
    });
    if (Math.abs(previewGap) > 40)
      throw new E2eFailure(`preview not scrolled to Section 80 (${previewGap}px off)`);
    const editorLine = await ada.page.evaluate(async () => {
      await new Promise((r) => setTimeout(r, 200));
      const p = document.getElementById('md-preview');
      const h2 = [...p.querySelectorAll('h2')].find((e) => e.textContent === 'Section 30');
      p.scrollTop += h2.getBoundingClientRect().top - p.getBoundingClientRect().top;
      await new Promise((r) => setTimeout(r, 300));
      const v = window.quire.view;
      const block = v.lineBlockAtHeight(v.scrollDOM.scrollTop + 5);
      return v.state.doc.lineAt(block.from).text;
    });
    assertEqual(editorLine, '## Section 30', 'the editor follows the preview');
    await setText(ada, '# Quire\n\nWrite **Markdown** and see it *rendered* beside the text.\n');
    await shot(ada, '70-split-view');
    return [ada];
  },
);

scenario(
  '71 export: .txt, .md and standalone .html download with the right content; PDF prints the rendered text',
  async ({ server, browser }) => {
    const docId = lookDoc('export');
    const ada = await newPerson(browser, 'Ada', { width: 1000, height: 700 });
    await open(ada, server, docId);
    const text = '# Notes\n\nA **bold** claim & <b>no html</b>.\n\n- one\n- two\n';
    await setText(ada, text);
    const base = docId.slice(0, -3);
    const txt = await downloadFromMenu(ada, 'export-txt');
    assertEqual(`${txt.name}|${txt.text}`, `${base}.txt|${text}`, 'plain text');
    const md = await downloadFromMenu(ada, 'export-md');
    assertEqual(`${md.name}|${md.text}`, `${base}.md|${text}`, 'Markdown');
    const html = await downloadFromMenu(ada, 'export-html');
    assertEqual(html.name, `${base}.html`, 'HTML file name');
    const body = html.text.slice(
      html.text.indexOf('<article>'),
      html.text.indexOf('</article>') + 10,
    );
    assertEqual(
      body,
      '<article>\n<h1 data-line="0">Notes</h1>\n<p data-line="2">A <strong>bold</strong> claim &amp; &lt;b&gt;no html&lt;/b&gt;.</p>\n<ul data-line="4">\n<li data-line="4">one</li>\n<li data-line="5">two</li>\n</ul>\n\n</article>',
      'the rendered body',
    );
    if (!html.text.startsWith('<!doctype html>') || /<script|<link|src=/.test(html.text))
      throw new E2eFailure(`not a standalone page: ${html.text.slice(0, 200)}`);
    const viewer = await ada.context.newPage();
    await viewer.setContent(html.text);
    assertEqual(await viewer.$eval('h1', (e) => e.textContent), 'Notes', 'the file opens');
    await viewer.close();

    // PDF: the browser's print with the print stylesheet; print() itself is a dialog, so stubbed.
    await ada.page.evaluate(() => {
      window.print = () => {
        window.__printed = document.getElementById('print-view').innerHTML;
      };
    });
    await ada.page.click('#more');
    await ada.page.click('#export-pdf');
    const printed = await waitFor('print() called', () =>
      ada.page.evaluate(() => window.__printed),
    );
    if (!printed.startsWith('<h1 data-line="0">Notes</h1>'))
      throw new E2eFailure(`printed: ${printed.slice(0, 100)}`);
    await ada.page.emulateMedia({ media: 'print' });
    const shown = await ada.page.evaluate(() => ({
      app: getComputedStyle(document.getElementById('app')).display,
      print: getComputedStyle(document.getElementById('print-view')).display,
    }));
    assertEqual(`${shown.app},${shown.print}`, 'none,block', 'on paper only the document');
    const pdf = await ada.page.pdf();
    assertEqual(pdf.subarray(0, 5).toString(), '%PDF-', 'a PDF');
    await ada.page.emulateMedia({ media: 'screen' });
    return [ada];
  },
);

scenario(
  '72 dark mode follows prefers-color-scheme; the toggle is remembered',
  async ({ server, browser }) => {
    const docId = lookDoc('dark');
    const ada = await newPerson(browser, 'Ada', { width: 1000, height: 640 });
    await ada.page.emulateMedia({ colorScheme: 'dark' });
    await open(ada, server, docId);
    const look = () =>
      ada.page.evaluate(() => ({
        theme: document.documentElement.dataset.theme,
        bg: getComputedStyle(document.documentElement).backgroundColor,
        editor: document.getElementById('editor')
          ? getComputedStyle(document.getElementById('editor')).backgroundColor
          : 'none',
      }));
    assertEqual(
      JSON.stringify(await look()),
      JSON.stringify({ theme: 'dark', bg: 'rgb(15, 17, 23)', editor: 'rgb(24, 27, 35)' }),
      'dark system, dark page',
    );
    await ada.page.emulateMedia({ colorScheme: 'light' });
    await waitFor(
      'the page follows the system',
      async () => (await look()).bg === 'rgb(246, 247, 251)',
    );
    await setText(
      ada,
      '# Dark mode\n\nEasy on the eyes at night. **Bold**, *italic*, `code`, [a link](https://example.org).\n',
    );
    // The toggle wins over the system, and is remembered.
    await ada.page.click('#more');
    assertEqual(
      await ada.page.getAttribute('#theme-toggle', 'aria-pressed'),
      'false',
      'toggle off',
    );
    await ada.page.click('#theme-toggle');
    assertEqual((await look()).theme, 'dark', 'toggled');
    await ada.page.reload();
    await ada.page.waitForSelector('#status[data-state="connected"]');
    assertEqual((await look()).bg, 'rgb(15, 17, 23)', 'remembered over a reload');
    await sleep(300);
    await shot(ada, '72-dark-editor');
    await ada.page.goto(`${server.url}/`);
    await ada.page.waitForSelector('#theme-toggle');
    assertEqual(
      await ada.page.getAttribute('#theme-toggle', 'aria-pressed'),
      'true',
      'list page too',
    );
    await ada.page.click('#theme-toggle');
    assertEqual((await look()).theme, 'light', 'toggled back on the list page');
    return [ada];
  },
);

scenario(
  '73 a phone (390 × 844): the header is one row; the other actions are in "More"',
  async ({ server, browser }) => {
    const docId = lookDoc('phone');
    const ada = await newPerson(browser, 'Ada Lovelace', { width: 390, height: 844 });
    const bob = await newPerson(browser, 'Bob');
    const cy = await newPerson(browser, 'Cy');
    await open(bob, server, docId);
    await open(cy, server, docId);
    await open(ada, server, docId);
    await setText(ada, '# Phone\n\nOne row of header, the rest is text.\n');
    await waitFor(
      'two others listed',
      async () => (await ada.page.$$('#peers .peer')).length === 2,
    );
    const row = await ada.page.evaluate(() => {
      const bar = document.querySelector('.topbar');
      const r = bar.getBoundingClientRect();
      const centre = r.top + r.height / 2;
      const items = [...bar.querySelectorAll('a, button, h1, .status, .peer')].filter(
        (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden',
      );
      const off = items
        .map((e) => {
          const b = e.getBoundingClientRect();
          return {
            what: e.id || e.className,
            dy: Math.round(b.top + b.height / 2 - centre),
            right: b.right,
          };
        })
        .filter((e) => Math.abs(e.dy) > 4 || e.right > r.right);
      return { height: Math.round(r.height), overflow: bar.scrollWidth > bar.clientWidth, off };
    });
    if (row.height > 56 || row.overflow || row.off.length > 0)
      throw new E2eFailure(`header is not one row: ${JSON.stringify(row)}`);
    assertEqual(await ada.page.isVisible('#copy-link'), false, 'Copy link is not in the header');
    await shot(ada, '73-phone-editor');
    await ada.page.click('#more');
    for (const id of [
      'menu-copy-link',
      'menu-view-preview',
      'export-pdf',
      'theme-toggle',
      'menu-authors',
      'menu-chat',
    ])
      if (!(await ada.page.isVisible(`#${id}`))) throw new E2eFailure(`#${id} not in the menu`);
    await ada.page.click('#menu-view-preview');
    await ada.page.waitForSelector('#md-preview h1');
    assertEqual(await ada.page.isVisible('#editor'), false, 'the preview replaces the text');
    await ada.page.click('#more');
    await ada.page.click('#menu-view-edit');
    assertEqual(await ada.page.isVisible('#editor'), true, 'back to the text');
    return [ada, bob, cy];
  },
);

scenario(
  '74 counts, numbers in words, the shortcut sheet, the find panel, name labels on hover, own colour',
  async ({ server, browser }) => {
    const docId = lookDoc('counts');
    const ada = await newPerson(browser, 'Ada', { width: 1000, height: 640 });
    const bob = await newPerson(browser, 'Bob', { width: 1000, height: 640 });
    await open(ada, server, docId);
    await ada.page.keyboard.type('Hello world, this is Quire. Don’t panic!');
    await waitFor(
      'counts',
      async () => (await ada.page.textContent('#counts')) === '7 words · 40 characters',
    );
    await setText(ada, 'a'.repeat(200_053));
    await waitFor(
      'counts of a long text',
      async () => (await ada.page.textContent('#counts')) === '1 word · 200,053 characters',
    );
    const { version } = await server.getJson(`/api/docs/${docId}`);
    const list = await ada.context.newPage();
    await list.goto(`${server.url}/`);
    const meta = await list
      .locator('.doc-link', { hasText: docId })
      .locator('.doc-meta')
      .textContent();
    if (!meta.startsWith(`200,053 characters · version ${version.toLocaleString('en-US')} · `))
      throw new E2eFailure(`list meta: ${meta}`);
    await list.close();

    // "?" outside the text opens the sheet; in the text it types a question mark.
    await setText(ada, 'Why? ');
    await ada.page.focus('#more');
    await ada.page.keyboard.press('?');
    await ada.page.waitForSelector('#shortcuts[open]');
    assertEqual(await ada.page.$$eval('#shortcuts tr', (r) => r.length), 13, 'shortcuts listed');
    await ada.page.keyboard.press('Escape');
    await ada.page.waitForSelector('#shortcuts', { state: 'detached' });
    await ada.page.click('.cm-content');
    await ada.page.keyboard.press('End');
    await ada.page.keyboard.type('?');
    assertEqual(await textOf(ada), 'Why? ?', 'a question mark typed');
    assertEqual(await ada.page.$('#shortcuts'), null, 'no sheet while typing');

    // The find panel in the page's style (no grey browser buttons).
    await ada.page.keyboard.press('Control+f');
    await ada.page.waitForSelector('.cm-search');
    const find = await ada.page.evaluate(() => {
      const b = getComputedStyle(document.querySelector('.cm-search .cm-button'));
      const f = getComputedStyle(document.querySelector('.cm-search .cm-textfield'));
      return [b.backgroundColor, b.backgroundImage, b.borderRadius, f.borderRadius].join();
    });
    assertEqual(find, 'rgb(255, 255, 255),none,6px,6px', 'find panel buttons and field');
    await shot(ada, '74-find-panel');
    await ada.page.keyboard.press('Escape');

    // Bob's name label: not shown over the text, shown when the pointer rests on his caret.
    await open(bob, server, docId);
    await bob.page.keyboard.press('Control+End');
    await bob.page.keyboard.type(' Bob here');
    await ada.page.waitForSelector('.cm-remote-flag');
    await ada.page.mouse.move(5, 5);
    const label = () =>
      ada.page.$eval(
        '.cm-remote-label',
        (e) => `${e.textContent}:${getComputedStyle(e).visibility}`,
      );
    assertEqual(await label(), 'Bob:hidden', 'label hidden');
    await ada.page.hover('.cm-remote-flag');
    await waitFor('label on hover', async () => (await label()) === 'Bob:visible', 3000);
    // Your own avatar is in the colour the others see you in.
    const bobSeesAda = await bob.page.$eval(
      '#peers .peer .avatar',
      (e) => getComputedStyle(e).backgroundColor,
    );
    assertEqual(
      await ada.page.$eval('#me .avatar', (e) => getComputedStyle(e).backgroundColor),
      bobSeesAda,
      'Ada’s own avatar colour',
    );
    if (bobSeesAda === 'rgb(71, 84, 103)') throw new E2eFailure('still the grey of no colour');
    // On the dark background Bob's caret and flag are lightened to at least 3:1 (WCAG 1.4.11),
    // in every colour of the palette; the light theme shows the colour itself.
    const caretContrast = (colours) =>
      ada.page.evaluate((cs) => {
        const caret = document.querySelector('.cm-remote-caret');
        const flag = caret.querySelector('.cm-remote-flag');
        const before = caret.style.getPropertyValue('--peer');
        const probe = document.createElement('canvas').getContext('2d');
        const rgb = (css) => {
          probe.fillStyle = '#000';
          probe.fillStyle = css;
          probe.fillRect(0, 0, 1, 1);
          return [...probe.getImageData(0, 0, 1, 1).data].slice(0, 3);
        };
        const lum = (c) =>
          c
            .map((v) => v / 255)
            .map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
            .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
        const ratio = (a, b) => {
          const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
          return (hi + 0.05) / (lo + 0.05);
        };
        const bg = rgb(getComputedStyle(document.getElementById('editor')).backgroundColor);
        const out = cs.map((c) => {
          caret.style.setProperty('--peer', c);
          const line = ratio(rgb(getComputedStyle(caret).borderLeftColor), bg);
          const dot = ratio(rgb(getComputedStyle(flag).backgroundColor), bg);
          return Math.min(line, dot);
        });
        caret.style.setProperty('--peer', before);
        return out;
      }, colours);
    const palette = serverPalette();
    const light = await caretContrast(['#000075']);
    // The theme as pages/theme.ts sets it (the toggle is in the "More" menu here).
    const theme = (t) => ada.page.evaluate((v) => (document.documentElement.dataset.theme = v), t);
    await theme('dark');
    const dark = await caretContrast(palette);
    await theme('light');
    const weak = palette.filter((c, i) => dark[i] < 3);
    assertEqual(weak.join(), '', 'remote caret colours under 3:1 on the dark background');
    assertEqual(light[0] > 10, true, 'the light theme shows navy itself (no mix)');
    return [ada, bob];
  },
);

/** The server's presence colours (decision 041), read from PresenceColours.java: one source of truth. */
function serverPalette() {
  const palette = [
    ...readFileSync(
      join(
        webEditorDir,
        '..',
        'server/src/main/java/dev/quire/server/document/PresenceColours.java',
      ),
      'utf8',
    )
      .match(/PALETTE = List\.of\(([^)]*)\)/)[1]
      .matchAll(/"(#[0-9a-f]{6})"/g),
  ].map((m) => m[1]);
  assertEqual(palette.length, 12, 'the palette read from PresenceColours.java');
  return palette;
}

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

/** axe-core in the page (through the debugger, so the page's CSP does not apply); serious or critical findings fail. */
async function axeCheck(page, what) {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () =>
    (await window.axe.run(document, { resultTypes: ['violations'] })).violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    })),
  );
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length > 0) throw new E2eFailure(`axe on ${what}: ${JSON.stringify(bad)}`);
  console.log(
    `    axe on ${what}: ${violations.length} minor or moderate finding(s) ${violations.map((v) => `${v.id} (${v.impact})`).join(', ')}`,
  );
}

scenario(
  '75 axe: no serious or critical violation on the list and editor pages; every control by keyboard',
  async ({ server, browser }) => {
    const docId = lookDoc('axe');
    const ada = await newPerson(browser, 'Ada', { width: 1280, height: 800 });
    const bob = await newPerson(browser, 'Bob');
    await open(bob, server, docId);
    await open(ada, server, docId);
    await setText(
      ada,
      '# Accessible\n\nText with a [link](https://example.org) and `code`.\n\n> a quote\n',
    );
    await ada.page.waitForSelector('#md-preview h1');
    for (const scheme of ['light', 'dark']) {
      await ada.page.emulateMedia({ colorScheme: scheme });
      await axeCheck(ada.page, `the editor page (${scheme})`);
      await ada.page.click('#more');
      await axeCheck(ada.page, `the editor page with the menu open (${scheme})`);
      await ada.page.keyboard.press('Escape');
      const list = await ada.context.newPage();
      await list.emulateMedia({ colorScheme: scheme });
      await list.goto(`${server.url}/`);
      await list.waitForSelector('#doc-list');
      await axeCheck(list, `the list page (${scheme})`);
      await list.close();
    }
    await ada.page.emulateMedia({ colorScheme: 'light' });

    // Tab from the top reaches every control of the header, the text and the preview.
    await ada.page.evaluate(() => document.activeElement?.blur());
    const reached = new Set();
    for (let i = 0; i < 30; i++) {
      await ada.page.keyboard.press('Tab');
      reached.add(
        await ada.page.evaluate(() => {
          const e = document.activeElement;
          return e.id || e.className || e.tagName;
        }),
      );
    }
    for (const id of [
      'brand',
      'view-edit',
      'view-split',
      'view-preview',
      'copy-link',
      'history-toggle',
      'more',
      'me',
      'cm-content',
      'md-preview',
    ])
      if (![...reached].some((r) => r.split(' ').includes(id)))
        throw new E2eFailure(`Tab never reached ${id}: ${[...reached].join(' | ')}`);
    // The menu: Enter opens it on its first entry, Tab walks it, Escape returns to "More".
    await ada.page.focus('#more');
    await ada.page.keyboard.press('Enter');
    assertEqual(
      await ada.page.evaluate(() => document.activeElement.id),
      'export-txt',
      'first entry',
    );
    for (const id of ['export-md', 'export-html', 'export-pdf', 'theme-toggle', 'shortcuts-open']) {
      await ada.page.keyboard.press('Tab');
      assertEqual(await ada.page.evaluate(() => document.activeElement.id), id, 'menu by Tab');
    }
    await ada.page.keyboard.press('Escape');
    assertEqual(await ada.page.evaluate(() => document.activeElement.id), 'more', 'back on More');
    assertEqual(await ada.page.isVisible('#more-menu'), false, 'menu closed');
    return [ada, bob];
  },
);

/** Stores `text` as the document's whole text through REST (one op). */
async function putContent(server, docId, content, author = 'Script') {
  const res = await server.request(`/api/docs/${docId}/content`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ content, author }),
  });
  if (!res.ok) throw new E2eFailure(`PUT content: ${res.status} ${await res.text()}`);
  return res.json();
}

async function putTitle(server, docId, title) {
  const res = await server.request(`/api/docs/${docId}/title`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title }),
  });
  if (!res.ok) throw new E2eFailure(`PUT title: ${res.status} ${await res.text()}`);
}

async function restStatus(server, path) {
  return (await server.request(path)).status;
}

async function openHistory(person) {
  await person.page.click('#history-toggle');
  await person.page.waitForSelector('#history:not([hidden])');
  await person.page.waitForSelector('#history-view:not([hidden])');
}

scenario(
  '60 a title set in the header shows live for the other editor, in the list and over REST',
  async ({ server, browser, docId }) => {
    const ada = await newPerson(browser, 'Ada', { width: 1100, height: 500 });
    const bob = await newPerson(browser, 'Bob', { width: 1100, height: 500 });
    await open(ada, server, docId);
    await open(bob, server, docId);
    await ada.page.keyboard.type('Agenda');
    await converged([ada, bob], 'first text');
    assertEqual(await bob.page.inputValue('#doc-title-input'), '', 'no title yet');
    await ada.page.fill('#doc-title-input', 'Weekly sync — 6 Dec ✓');
    await ada.page.keyboard.press('Enter');
    await waitFor(
      'Bob sees the title',
      async () => (await bob.page.inputValue('#doc-title-input')) === 'Weekly sync — 6 Dec ✓',
    );
    assertEqual(await bob.page.title(), 'Weekly sync — 6 Dec ✓ — Quire', 'Bob’s window title');
    assertEqual(
      (await server.getJson(`/api/docs/${docId}/title`)).title,
      'Weekly sync — 6 Dec ✓',
      'GET title',
    );
    await shot(bob, '60-title-bob');
    const list = await newPerson(browser, 'List', { width: 1000, height: 700 });
    await list.page.goto(server.url + '/');
    await list.page.waitForSelector(`#doc-list li[data-id="${docId}"]`);
    assertEqual(
      await list.page.textContent(`#doc-list li[data-id="${docId}"] .doc-name`),
      'Weekly sync — 6 Dec ✓',
      'title in the list',
    );
    return [ada, bob, list];
  },
);

scenario(
  '61 the list creates "Meeting notes" as meeting-notes with its title, searches, sorts by title',
  async ({ server, browser }) => {
    await putTitle(server, 'zebra-facts', 'Alpha facts');
    await putContent(server, 'budget-2027', 'numbers');
    const ada = await newPerson(browser, 'Ada', { width: 1000, height: 800 });
    await ada.page.goto(server.url + '/');
    await ada.page.waitForSelector('#doc-list');
    await ada.page.fill('#new-doc-name', 'Meeting notes');
    assertEqual(
      await ada.page.textContent('#new-doc-hint'),
      'Its link will be /d/meeting-notes; the title stays “Meeting notes”.',
      'hint',
    );
    await ada.page.keyboard.press('Enter');
    await ada.page.waitForURL('**/d/meeting-notes');
    await ada.page.waitForSelector('#status[data-state="connected"]');
    await waitFor(
      'title in the header',
      async () => (await ada.page.inputValue('#doc-title-input')) === 'Meeting notes',
    );
    await ada.page.goto(server.url + '/');
    await ada.page.waitForSelector('#doc-list li[data-id="meeting-notes"]');
    // Search: by title ("alpha" is zebra-facts' title) and by id ("budget").
    const shown = () =>
      ada.page.$$eval('#doc-list li', (els) => els.map((e) => e.dataset.id).join(','));
    await ada.page.fill('#doc-search', 'ALPHA');
    await waitFor('search by title', async () => (await shown()) === 'zebra-facts');
    await ada.page.fill('#doc-search', 'budget');
    await waitFor('search by id', async () => (await shown()) === 'budget-2027');
    await ada.page.fill('#doc-search', 'no-such-thing');
    await ada.page.waitForSelector('#no-match');
    await ada.page.fill('#doc-search', '');
    await waitFor('all again', async () => (await shown()).split(',').length >= 3);
    await ada.page.selectOption('#doc-sort', 'title');
    const names = await ada.page.$$eval('#doc-list .doc-name', (els) =>
      els.map((e) => e.textContent.toLowerCase()),
    );
    assertEqual(JSON.stringify(names), JSON.stringify([...names].sort()), 'sorted by title');
    if (names[0] !== 'alpha facts') throw new E2eFailure(`first by title: ${names[0]}`);
    await shot(ada, '61-list-search-sort');
    return [ada];
  },
);

scenario(
  '62 delete asks first, undo brings the document back, and without undo it is gone',
  async ({ server, browser, docId }) => {
    await putTitle(server, docId, 'Draft to delete');
    await putContent(server, docId, 'some words');
    const ada = await newPerson(browser, 'Ada', { width: 1000, height: 700 });
    await ada.page.goto(server.url + '/');
    const row = `#doc-list li[data-id="${docId}"]`;
    await ada.page.waitForSelector(row);
    await ada.page.click(`${row} [data-action="delete"]`);
    await ada.page.waitForSelector('#confirm-dialog[open]');
    assertEqual(
      await ada.page.textContent('#confirm-question'),
      'Delete “Draft to delete”?',
      'question',
    );
    await ada.page.click('#confirm-no');
    assertEqual(await ada.page.isVisible(row), true, 'kept after Cancel');
    await ada.page.click(`${row} [data-action="delete"]`);
    await ada.page.click('#confirm-yes');
    await ada.page.waitForSelector(row, { state: 'detached' });
    await shot(ada, '62-deleted-undo');
    await ada.page.click('#undo-delete');
    await ada.page.waitForSelector(row);
    await sleep(7000); // past the undo time: nothing may be deleted
    assertEqual((await server.getJson(`/api/docs/${docId}`)).content, 'some words', 'kept');
    await ada.page.click(`${row} [data-action="delete"]`);
    await ada.page.click('#confirm-yes');
    await ada.page.waitForSelector(row, { state: 'detached' });
    await waitFor(
      'deleted on the server once the undo ran out',
      async () => (await restStatus(server, `/api/docs/${docId}`)) === 404,
      15_000,
    );
    await ada.page.reload();
    await ada.page.waitForSelector('#doc-list');
    assertEqual(await ada.page.$(row), null, 'not listed after reload');
    return [ada];
  },
);

scenario(
  '63 a link to a document that does not exist: an empty editor, nothing stored until typing',
  async ({ server, browser, docId }) => {
    const ada = await newPerson(browser, 'Ada');
    await open(ada, server, docId);
    assertEqual(await textOf(ada), '', 'empty editor');
    assertEqual(
      await ada.page.getAttribute('.cm-content', 'contenteditable'),
      'true',
      'ready to type',
    );
    await sleep(500);
    assertEqual(await restStatus(server, `/api/docs/${docId}`), 404, 'not stored by the visit');
    const listed = (await server.getJson('/api/docs?limit=1000')).docs.map((d) => d.id);
    if (listed.includes(docId)) throw new E2eFailure('a visit alone put the document in the list');
    await ada.page.keyboard.type('Now it exists.');
    await converged([ada], 'first edit');
    assertEqual(await restText(server, docId), 'Now it exists.', 'stored by the first edit');
    return [ada];
  },
);

scenario(
  '64 the history shows the whole selected version in the editor’s place, changes marked',
  async ({ server, browser, docId }) => {
    const lines = Array.from({ length: 80 }, (_, i) => `Line ${i + 1} of the first draft.`);
    const first = lines.join('\n');
    const v1 = (await putContent(server, docId, first, 'Ada')).version;
    const renamed = first.replace('Line 3 of', 'Line three of');
    await putContent(server, docId, renamed, 'Bob');
    const second = renamed + '\nAn ending.';
    await putContent(server, docId, second, 'Bob');
    const ada = await newPerson(browser, 'Ada', { width: 1200, height: 600 });
    const bob = await newPerson(browser, 'Bob');
    await open(ada, server, docId);
    await open(bob, server, docId);
    await openHistory(ada);
    assertEqual(
      await ada.page.textContent('#history-version'),
      'Version 3 of 3',
      'opens at current',
    );
    assertEqual(await ada.page.isVisible('#editor'), false, 'the version takes the editor’s place');
    await waitFor(
      'current text shown',
      async () => (await ada.page.textContent('#history-preview')) === second,
    );
    // Version 1, in full, with what changed since marked.
    await ada.page.focus('#history-slider');
    await ada.page.keyboard.press('ArrowLeft');
    await ada.page.keyboard.press('ArrowLeft');
    await waitFor(
      'version 1 in full',
      async () => (await ada.page.textContent('#history-preview')) === first,
    );
    assertEqual(await ada.page.textContent('#history-version'), `Version ${v1} of 3`, 'label');
    assertEqual(
      await ada.page.$$eval('#history-preview del.diff-del', (els) =>
        els.map((e) => e.textContent).join('|'),
      ),
      '3',
      'text deleted since',
    );
    const marks = await ada.page.$$eval('#history-preview .diff-ins-mark', (els) =>
      els.map((e) => e.getAttribute('title')),
    );
    assertEqual(
      JSON.stringify(marks),
      JSON.stringify(['added later: three', 'added later: An ending.']),
      'insertions since',
    );
    const box = await ada.page.$eval('#history-preview', (e) => ({
      h: e.clientHeight,
      w: e.clientWidth,
    }));
    if (box.h < 400 || box.w < 600)
      throw new E2eFailure(`preview is small: ${JSON.stringify(box)}`);
    const log = await ada.page.textContent('#history-log');
    // Times in the reader's locale: "10:41" or "10:41 AM".
    const time = String.raw`\d{1,2}:\d\d(?:\s[AP]M)?`;
    if (
      !new RegExp(`Bob, ${time}, \\+16 −1`).test(log) ||
      !new RegExp(`Ada, ${time}, \\+2230`).test(log)
    )
      throw new E2eFailure(`sessions: ${log}`);
    await shot(ada, '64-history-full-version');
    // Live: Bob types; the range and the log follow, the selection stays at version 1.
    await bob.page.keyboard.press('Control+End');
    await bob.page.keyboard.type('!');
    await waitFor(
      'range follows',
      async () => (await ada.page.textContent('#history-version')) === `Version ${v1} of 4`,
    );
    await waitFor(
      'log follows',
      async () => (await ada.page.$('#history-log li[data-to="4"]')) !== null,
    );
    return [ada, bob];
  },
);

scenario(
  '65 two versions compared: the inline diff has the inserted and the deleted text',
  async ({ server, browser, docId }) => {
    await putContent(server, docId, 'The quick brown fox jumps.\nSecond line.', 'Ada');
    await putContent(server, docId, 'The quick brown fox jumps.\nSecond line, longer.', 'Ada');
    await putContent(server, docId, 'The slow brown fox jumps.\nSecond line, longer.', 'Bob');
    const ada = await newPerson(browser, 'Ada', { width: 1200, height: 600 });
    await open(ada, server, docId);
    await openHistory(ada);
    await ada.page.fill('#compare-from', '1');
    await ada.page.fill('#compare-to', '3');
    await ada.page.click('#compare-go');
    await ada.page.waitForSelector('#history-preview.compare');
    const ins = await ada.page.$$eval('#history-preview ins', (els) =>
      els.map((e) => e.textContent),
    );
    const del = await ada.page.$$eval('#history-preview del', (els) =>
      els.map((e) => e.textContent),
    );
    assertEqual(JSON.stringify(del), JSON.stringify(['quick']), 'deleted text');
    assertEqual(JSON.stringify(ins), JSON.stringify(['slow', ', longer']), 'inserted text');
    assertEqual(
      await ada.page.textContent('#history-view-title'),
      'Comparing version 1 with version 3: +12 −5',
      'headline',
    );
    await shot(ada, '65-history-compare');
    return [ada];
  },
);

scenario(
  '66 the current version named: the name is listed, stored, and there after a reload',
  async ({ server, browser, docId }) => {
    const ada = await newPerson(browser, 'Ada', { width: 1200, height: 600 });
    await open(ada, server, docId);
    await ada.page.keyboard.type('Ready for review.');
    await converged([ada], 'text');
    const version = (await statusOf(ada)).version;
    await openHistory(ada);
    await ada.page.click('#history-name');
    await ada.page.fill('#history-name-input', 'Sent to Ada');
    await ada.page.keyboard.press('Enter');
    await waitFor('name listed', async () =>
      (await ada.page.textContent('#named-versions')).includes('Sent to Ada'),
    );
    const stored = (await server.getJson(`/api/docs/${docId}/named-versions`)).namedVersions;
    assertEqual(
      JSON.stringify(stored.map((n) => [n.version, n.name])),
      JSON.stringify([[version, 'Sent to Ada']]),
      'stored',
    );
    await ada.page.reload();
    await ada.page.waitForSelector('#status[data-state="connected"]');
    await openHistory(ada);
    await ada.page.waitForSelector(`#named-versions [data-version="${version}"]`);
    assertEqual(
      await ada.page.textContent(`#named-versions [data-version="${version}"] .log-author`),
      'Sent to Ada',
      'after reload',
    );
    await shot(ada, '66-named-version');
    return [ada];
  },
);

scenario(
  '67 a log of 700 changes: the history pages back past 200 to version 1',
  async ({ server, browser, docId }) => {
    // 700 separate ops (the REST rate limit, 50/s after a burst of 200, paces them).
    for (let i = 1; i <= 700; ) {
      const res = await server.request(`/api/docs/${docId}/append`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: `${i} `, author: i <= 100 ? 'Early' : 'Late' }),
      });
      if (res.status === 429) {
        await sleep((await res.json()).retryAfterMs);
        continue;
      }
      if (!res.ok) throw new E2eFailure(`append ${i}: ${res.status}`);
      i++;
    }
    const ada = await newPerson(browser, 'Ada', { width: 1200, height: 600 });
    await open(ada, server, docId);
    await openHistory(ada);
    await ada.page.waitForSelector('#history-log li[data-to="700"]');
    assertEqual(
      await ada.page.$('#history-log li[data-from="1"]'),
      null,
      'version 1 not loaded yet',
    );
    const older = await ada.page.textContent('#history-older');
    assertEqual(older, 'Show older changes (before version 201)', 'older button');
    await ada.page.click('#history-older');
    await ada.page.waitForSelector('#history-log li[data-from="1"]');
    assertEqual(await ada.page.isVisible('#history-older'), false, 'nothing older');
    const early = await ada.page.textContent('#history-log li[data-from="1"]');
    if (!early.startsWith('Early, ')) throw new E2eFailure(`first session: ${early}`);
    await ada.page.click('#history-log li[data-from="1"] button');
    await waitFor(
      'version 100 shown',
      async () => (await ada.page.textContent('#history-version')) === 'Version 100 of 700',
    );
    return [ada];
  },
);

/** A page of a browser without WebSocket (as behind a proxy that breaks it): the fallback only. */
async function withoutWebSocket(person) {
  await person.context.addInitScript(() => {
    delete window.WebSocket;
    window.WebSocket = undefined;
  });
  return person;
}

const transportOf = (p) => p.page.getAttribute('#status', 'data-transport');

scenario(
  '40 fallback: a page without WebSocket and a normal page converge; it shows HTTP; offline loses nothing',
  async ({ server, browser, docId }) => {
    const ada = await withoutWebSocket(await newPerson(browser, 'Ada Lovelace'));
    const bob = await newPerson(browser, 'Bob');
    await open(ada, server, docId);
    await open(bob, server, docId);
    assertEqual(
      await ada.page.evaluate(() => typeof window.WebSocket),
      'undefined',
      'no WebSocket',
    );
    assertEqual(await transportOf(ada), 'http', "Ada's transport");
    assertEqual(await transportOf(bob), 'websocket', "Bob's transport");
    const label = await ada.page.textContent('#status');
    if (!label.endsWith(' · HTTP')) throw new E2eFailure(`status label: ${label}`);
    await Promise.all([
      typeWords(ada, ['Ada ', 'polls ', 'over ', 'HTTP. '], undefined, 10),
      typeWords(bob, ['Bob ', 'has ', 'a ', 'socket. '], undefined, 10),
    ]);
    const text = await converged([ada, bob], 'concurrent typing');
    assertEqual(
      sortedChars(text),
      sortedChars('Ada polls over HTTP. Bob has a socket. '),
      'characters',
    );
    assertEqual(await restText(server, docId), text, 'GET /api/docs text');
    await shot(ada, '40-fallback-ada');
    await ada.context.setOffline(true);
    await waitFor(
      'offline on the fallback',
      async () => (await statusOf(ada)).state !== 'connected',
    );
    await ada.page.keyboard.press('Control+End');
    await ada.page.keyboard.type('Offline on HTTP.');
    await bob.page.keyboard.press('Control+Home');
    await bob.page.keyboard.type('Bob meanwhile. ');
    await sleep(500);
    if ((await statusOf(ada)).pending === 0)
      throw new E2eFailure('expected edits waiting while offline');
    await ada.context.setOffline(false);
    const after = await converged([ada, bob], 'back online on the fallback');
    assertEqual(count(after, 'Offline on HTTP.'), 1, 'offline text occurrences');
    assertEqual(count(after, 'Bob meanwhile. '), 1, "Bob's text occurrences");
    assertEqual(await restText(server, docId), after, 'GET /api/docs text after');
    assertEqual(await transportOf(ada), 'http', "Ada's transport after");
    return [ada, bob];
  },
);

scenario(
  '41 through nginx refusing upgrades and buffering: the editor falls back and edits',
  async ({ server, browser, docId }) => {
    const proxy = await startRefusingProxy(server.port);
    try {
      const ada = await newPerson(browser, 'Ada Lovelace');
      const bob = await newPerson(browser, 'Bob');
      const started = Date.now();
      await open(ada, proxy, docId);
      const took = Date.now() - started;
      await open(bob, server, docId);
      assertEqual(await transportOf(ada), 'http', 'transport behind the proxy');
      assertEqual(await transportOf(bob), 'websocket', 'transport direct');
      await Promise.all([
        typeWords(ada, ['Behind ', 'the ', 'proxy. '], undefined, 10),
        typeWords(bob, ['Direct. '], undefined, 10),
      ]);
      const text = await converged([ada, bob], 'through nginx');
      assertEqual(sortedChars(text), sortedChars('Behind the proxy. Direct. '), 'characters');
      assertEqual(await restText(server, docId), text, 'GET /api/docs text');
      const log = proxy.log();
      if (!/"GET \/ws\?doc=[^ ]+ HTTP\/1\.1" 403/.test(log))
        throw new E2eFailure('the upgrade did not reach nginx');
      if (!/"POST \/poll\/[^ ]+\?from=\d+&doc=[^ ]+ HTTP\/1\.1" 200/.test(log))
        throw new E2eFailure('no POST through nginx');
      console.log(`     behind nginx: connected over HTTP ${took} ms after the page opened`);
      await shot(ada, '41-behind-nginx-ada');
      return [ada, bob];
    } finally {
      await proxy.stop();
    }
  },
);

clusterScenario(
  '30 two nodes behind nginx: a page on each converges; one node killed, its page goes on',
  async ({ cluster, browser, docId }) => {
    const ada = await newPerson(browser, 'Ada');
    const bob = await newPerson(browser, 'Bob');
    await open(ada, cluster, docId);
    await open(bob, cluster, docId);
    const [nodeA, nodeB] = cluster.nodes;
    await waitFor(
      'one page on each node',
      async () =>
        (await cluster.connectionsOf(nodeA)) === 1 && (await cluster.connectionsOf(nodeB)) === 1,
      10_000,
    );
    await waitFor('Ada lists Bob', async () => (await peerNames(ada)).join() === 'Bob');
    await waitFor('Bob lists Ada', async () => (await peerNames(bob)).join() === 'Ada');
    await bob.page.keyboard.press('Control+End');
    await Promise.all([
      ada.page.keyboard.type('Ada 😀 types on one node. ', { delay: 20 }),
      bob.page.keyboard.type('Bob 🎉 on the other. ', { delay: 20 }),
    ]);
    const text = await converged([ada, bob], 'a page on each node');
    for (const s of ['Ada 😀 types on one node. ', 'Bob 🎉 on the other. '])
      assertEqual(count(text, s), 1, `occurrences of "${s}"`);
    assertEqual(await restText(cluster, docId), text, 'GET /api/docs through nginx');
    await shot(ada, '30-two-nodes-ada');

    // SIGKILL: no goodbye to anyone. The page that was on it reconnects through nginx.
    const exited = new Promise((r) => nodeA.child.once('exit', r));
    nodeA.child.kill('SIGKILL');
    await exited;
    nodeA.child = undefined;
    await waitFor(
      'both pages connected again',
      async () =>
        (await statusOf(ada)).state === 'connected' && (await statusOf(bob)).state === 'connected',
      30_000,
    );
    await ada.page.keyboard.press('Control+End');
    await ada.page.keyboard.type('Ada after the kill. ');
    await bob.page.keyboard.press('Control+Home');
    await bob.page.keyboard.type('Bob after the kill. ');
    const after = await converged([ada, bob], 'after a node was killed');
    for (const s of ['Ada 😀 types on one node. ', 'Ada after the kill. ', 'Bob after the kill. '])
      assertEqual(count(after, s), 1, `occurrences of "${s}"`);
    assertEqual(await restText(cluster, docId), after, 'GET /api/docs after the kill');
    // The dead node's editor expires in Redis: each page lists exactly the other, once.
    await waitFor(
      "the dead node's editor is gone",
      async () =>
        (await peerNames(ada)).join() === 'Bob' && (await peerNames(bob)).join() === 'Ada',
      30_000,
    );
    await shot(bob, '30-after-kill-bob');
    return [ada, bob];
  },
);

scenario(
  '50 comments: select → comment, live for both, the sidebar and highlight follow the words, markup shows as text',
  async ({ server, browser, docId }) => {
    const ada = await newPerson(browser, 'Ada', { width: 1100, height: 640 });
    const bo = await newPerson(browser, 'Bo', { width: 1100, height: 640 });
    await open(ada, server, docId);
    await ada.page.keyboard.type('hello brave world', { delay: 5 });
    await open(bo, server, docId);
    assertEqual(await converged([ada, bo], 'typing'), 'hello brave world', 'text');

    // Ada selects "brave" and comments with markup, which everyone sees as text.
    await ada.page.evaluate(() =>
      window.quire.view.dispatch({ selection: { anchor: 6, head: 11 } }),
    );
    await ada.page.waitForSelector('#comment-add:not([disabled])');
    await ada.page.click('#comment-add');
    const xss = '<img src=x onerror="window.pwned=1">';
    await ada.page.fill('#comment-new', xss);
    await ada.page.click('#comment-save');
    for (const p of [ada, bo]) {
      await p.page.waitForSelector('.comment-thread .comment-text', { timeout: 5000 });
      assertEqual(await p.page.textContent('.comment-thread .comment-text'), xss, 'comment text');
      assertEqual(await p.page.$('#comments img'), null, 'no image element in the sidebar');
      assertEqual(await p.page.evaluate(() => window.pwned), undefined, 'no script ran');
      await waitFor('the highlight', async () => {
        const marked = await p.page.$$eval('.cm-content .comment-mark', (els) =>
          els.map((e) => e.textContent).join(''),
        );
        return marked === 'brave';
      });
    }

    // Bo types before, after and inside the words: the comment stays on them.
    await bo.page.evaluate(() => {
      const v = window.quire.view;
      v.dispatch({ changes: { from: 11, insert: '!' }, userEvent: 'input.type' });
      v.dispatch({ changes: { from: 8, insert: '-' }, userEvent: 'input.type' });
      v.dispatch({ changes: { from: 6, insert: 'very ' }, userEvent: 'input.type' });
    });
    assertEqual(await converged([ada, bo], 'editing around'), 'hello very br-ave! world', 'text');
    for (const p of [ada, bo]) {
      await waitFor('the highlight moved with the words', async () => {
        const marked = await p.page.$$eval('.cm-content .comment-mark', (els) =>
          els.map((e) => e.textContent).join(''),
        );
        return marked === 'br-ave';
      });
    }
    const server0 = await (await fetch(`${server.url}/api/docs/${docId}/comments`)).json();
    const c = server0.comments[0];
    assertEqual(`${c.start}..${c.end}`, '11..17', 'the server range');
    for (const p of [ada, bo]) {
      const local = await p.page.evaluate(() => window.quire.comments().list[0].range);
      assertEqual(`${local.start}..${local.end}`, '11..17', 'the page range equals the server');
    }
    // The card sits at the height of its line.
    const cardTop = await bo.page.$eval('.comment-thread', (e) => e.getBoundingClientRect().top);
    const markTop = await bo.page.$eval('.comment-mark', (e) => e.getBoundingClientRect().top);
    if (Math.abs(cardTop - markTop) > 40)
      throw new E2eFailure(`card at ${cardTop}, text at ${markTop}: not aligned`);

    // Bo replies; Ada sees it live, then resolves the thread (she may: no auth, admin).
    await bo.page.fill('.comment-reply', 'why <b>brave</b>?');
    await bo.page.press('.comment-reply', 'Enter');
    await waitFor(
      'Ada sees the reply',
      async () => {
        const texts = await ada.page.$$eval('.comment-text', (els) =>
          els.map((e) => e.textContent),
        );
        return texts.includes('why <b>brave</b>?');
      },
      5000,
    );
    await ada.page.click('.comment-resolve');
    await waitFor(
      'Bo sees it resolved',
      async () => (await bo.page.$('.comment-thread.resolved')) !== null,
    );
    assertEqual(await bo.page.$('.cm-content .comment-mark'), null, 'no highlight once resolved');
    await shot(bo, '50-comments');
    return [ada, bo];
  },
);

scenario(
  '51 suggestions: one suggests, the other sees it inline and accepts, undo reverts the acceptance, markup shows as text',
  async ({ server, browser, docId }) => {
    const ada = await newPerson(browser, 'Ada', { width: 1100, height: 640 });
    const bo = await newPerson(browser, 'Bo', { width: 1100, height: 640 });
    await open(ada, server, docId);
    await ada.page.keyboard.type('hello world', { delay: 5 });
    await open(bo, server, docId);
    assertEqual(await converged([ada, bo], 'typing'), 'hello world', 'text');

    // Bo turns suggest mode on and types "big " before "world", then markup at the end.
    await bo.page.click('#suggest-toggle');
    assertEqual(await bo.page.getAttribute('#suggest-toggle', 'aria-pressed'), 'true', 'pressed');
    await bo.page.focus('.cm-content');
    await bo.page.evaluate(() => window.quire.view.dispatch({ selection: { anchor: 6 } }));
    await bo.page.keyboard.type('big ', { delay: 20 });
    await bo.page.evaluate(() => window.quire.view.dispatch({ selection: { anchor: 11 } }));
    const xss = '<img src=x onerror="window.pwned=1">';
    await bo.page.keyboard.insertText(xss);
    for (const p of [ada, bo]) {
      await waitFor(`${p.name} sees both suggestions inline`, async () => {
        const shown = await p.page.$$eval('.cm-content .cm-suggest-ins', (els) =>
          els.map((e) => e.textContent),
        );
        return shown.join('|') === `big |${xss}`;
      });
      // (CodeMirror's own cm-widgetBuffer images sit beside every widget: not ours.)
      assertEqual(
        await p.page.$('.cm-content img:not(.cm-widgetBuffer)'),
        null,
        'no image element in the text',
      );
      assertEqual(await p.page.$('#suggestions img'), null, 'no image element in the sidebar');
      assertEqual(await p.page.evaluate(() => window.pwned), undefined, 'no script ran');
      assertEqual(await p.page.evaluate(() => window.quire.text()), 'hello world', 'unchanged');
    }
    await axeCheck(ada.page, 'the editor with suggestions inline and in the sidebar');
    await axeCheck(bo.page, 'the editor in suggest mode');
    // Bo's proposed text, inline and on the cards, takes Bo's colour on both pages: his avatar's
    // on Ada's page, his own on his (one palette for presence, authorship and suggestions).
    const boOnAda = await ada.page.$$eval('.presence .avatar', (els) =>
      els.map((e) => e.style.background),
    );
    assertEqual(boOnAda.length, 1, 'Ada sees one other person');
    const boOnBo = await bo.page.$eval('#me .avatar', (e) => e.style.background);
    for (const [p, want] of [
      [ada, boOnAda[0]],
      [bo, boOnBo],
    ]) {
      const got = await p.page.$$eval('.cm-content .cm-suggest-ins, .suggestion-text ins', (els) =>
        els.map((e) => e.style.getPropertyValue('--peer')),
      );
      assertEqual(got.length, 4, `${p.name}: two suggestions, inline and on their cards`);
      for (const g of got)
        if (!colourEq(g, want))
          throw new E2eFailure(`${p.name}: Bo's proposed text in ${g}, his colour is ${want}`);
    }
    const cards = await ada.page.$$eval('.suggestion', (els) => els.length);
    assertEqual(cards, 2, 'one card per suggestion: the keystrokes merged');
    const meta = await ada.page.textContent('.suggestion .comment-meta');
    if (!meta.startsWith('Bo · ')) throw new E2eFailure(`card says "${meta}"`);

    // Ada accepts "big ": the document changes for both.
    await ada.page.click('.suggestion[data-suggestion="1"] button:has-text("Accept")');
    await waitFor('both pages have the accepted text', async () =>
      (await Promise.all([ada, bo].map(textOf))).every((t) => t === 'hello big world'),
    );
    assertEqual(await converged([ada, bo], 'accepting'), 'hello big world', 'accepted');
    await waitFor('the accepted suggestion leaves the sidebar', async () => {
      return (await ada.page.$$eval('.suggestion', (els) => els.length)) === 1;
    });
    const server0 = await (await fetch(`${server.url}/api/docs/${docId}/suggestions`)).json();
    assertEqual(server0.suggestions[0].status, 'accepted', 'the server says accepted');
    assertEqual(server0.suggestions[0].text, 'big ', 'the merged text');

    // Undo on Ada's page reverts the acceptance, for both.
    await ada.page.focus('.cm-content');
    await ada.page.keyboard.press('Control+z');
    await waitFor('undo reverts the acceptance on both pages', async () =>
      (await Promise.all([ada, bo].map(textOf))).every((t) => t === 'hello world'),
    );
    assertEqual(await converged([ada, bo], 'undo'), 'hello world', 'undo reverts the acceptance');

    // Ada rejects the markup: nothing changes, the card goes.
    await ada.page.click('.suggestion button:has-text("Reject")');
    for (const p of [ada, bo]) {
      await waitFor(`${p.name} has no open suggestion`, async () => {
        return (await p.page.$$eval('.cm-content .cm-suggest-ins', (els) => els.length)) === 0;
      });
    }
    assertEqual(await converged([ada, bo], 'rejecting'), 'hello world', 'rejected');
    await shot(bo, '51-suggestions');
    return [ada, bo];
  },
);

/** Opens `docId` on the server with authentication on as the holder of `token`. */
async function openWithToken(person, authServer, docId, token) {
  await person.page.goto(`${authServer.url}/d/${docId}#token=${token}`);
  await person.page.waitForSelector('#status[data-state="connected"]', { timeout: 20_000 });
  assertNoTokenInUrl(person);
}

/**
 * Sends one `suggestion` message over a socket of its own from `person`'s page, as the holder of
 * `token`, after a join of `docId`; resolves with the code of the error that answers it.
 */
function refusedSuggestion(person, authServer, docId, token, message) {
  return person.page.evaluate(
    ({ url, docId, token, message }) =>
      new Promise((resolve) => {
        const ws = new WebSocket(url, ['quire.v1', `quire.bearer.${token}`]);
        ws.onopen = () =>
          ws.send(
            JSON.stringify({
              type: 'join',
              doc: docId,
              session: crypto.randomUUID().replaceAll('-', ''),
            }),
          );
        ws.onmessage = (e) => {
          const m = JSON.parse(e.data);
          if (m.type === 'joined') ws.send(JSON.stringify({ ...message, doc: docId }));
          if (m.type === 'error' || m.type === 'suggestion') {
            resolve(m.type === 'error' ? m.code : 'applied');
            ws.close();
          }
        };
        ws.onclose = (e) => resolve(`closed ${e.code}`);
      }),
    { url: `${authServer.url.replace(/^http/, 'ws')}/ws`, docId, token, message },
  );
}

authScenario(
  '52 a comment-role user suggests by typing: the text changes for nobody, a writer accepts, the commenter cannot',
  async ({ authServer, secret, browser, docId }) => {
    const writer = await newPerson(browser, 'not used', { width: 1100, height: 640 });
    const commenter = await newPerson(browser, 'not used', { width: 1100, height: 640 });
    const wendy = tokenFor(secret, 'wendy', { [docId]: 'write' }, { name: 'Wendy' });
    const cora = tokenFor(secret, 'cora', { [docId]: 'comment' }, { name: 'Cora' });
    await openWithToken(writer, authServer, docId, wendy);
    await writer.page.click('.cm-content');
    await writer.page.keyboard.type('hello world', { delay: 5 });
    await converged([writer], 'the writer typed');
    await openWithToken(commenter, authServer, docId, cora);
    assertEqual(await converged([writer, commenter], 'joining'), 'hello world', 'text');

    // The page says so: editable, "Suggesting", the toggle pressed and not to be turned off.
    const c = commenter.page;
    await c.waitForSelector('#read-only:not([hidden])');
    assertEqual(await c.textContent('#read-only'), 'Suggesting', 'badge');
    assertEqual(await c.getAttribute('.cm-content', 'contenteditable'), 'true', 'editable');
    assertEqual(await c.getAttribute('.cm-content', 'aria-readonly'), null, 'aria-readonly');
    assertEqual(await c.isVisible('#suggest-toggle'), true, 'the toggle is shown');
    assertEqual(await c.getAttribute('#suggest-toggle', 'aria-pressed'), 'true', 'pressed');
    assertEqual(await c.getAttribute('#suggest-toggle', 'aria-disabled'), 'true', 'disabled');
    const why = await c.getAttribute('#suggest-toggle', 'title');
    if (!/^Always on: you may comment and suggest, not edit\./.test(why))
      throw new E2eFailure(`toggle title: ${why}`);
    await c.focus('#suggest-toggle');
    await c.keyboard.press('Enter');
    await c.click('#suggest-toggle', { force: true }); // (Playwright waits on aria-disabled)
    assertEqual(await c.getAttribute('#suggest-toggle', 'aria-pressed'), 'true', 'still pressed');
    assertEqual(await c.getAttribute('#doc-title-input', 'readonly'), '', 'title read-only');

    // Cora types "big " before "world": a suggestion, one card (the keystrokes merged).
    const before = await authServer.getJson(`/api/docs/${docId}`);
    await c.focus('.cm-content');
    await c.evaluate(() => window.quire.view.dispatch({ selection: { anchor: 6 } }));
    await c.keyboard.type('big ', { delay: 20 });
    for (const p of [writer, commenter]) {
      await waitFor(`${p.name} sees the suggestion inline and in the sidebar`, async () => {
        const inline = await p.page.$$eval('.cm-content .cm-suggest-ins', (els) =>
          els.map((e) => e.textContent),
        );
        const cards = await p.page.$$eval('.suggestion', (els) => els.length);
        return inline.join('|') === 'big ' && cards === 1;
      });
      assertEqual(await textOf(p), 'hello world', `${p.name}: the text has not changed`);
    }
    // Undo has nothing of Cora's to undo, and reaches neither the text nor the server.
    await c.keyboard.press('Control+z');
    await c.keyboard.press('Control+Shift+z');
    assertEqual(await textOf(commenter), 'hello world', 'after undo and redo');
    assertEqual((await statusOf(commenter)).pending, 0, 'no op waiting');
    const after = await authServer.getJson(`/api/docs/${docId}`);
    assertEqual(after.version, before.version, 'the server version');
    assertEqual(after.content, 'hello world', 'the server text');
    const meta = await writer.page.textContent('.suggestion .comment-meta');
    if (!meta.startsWith('Cora · ')) throw new E2eFailure(`card says "${meta}"`);

    // Nothing that needs write: no Accept, Reject or Accept all; no restore in the history.
    assertEqual(await c.$$eval('.suggestion button', (els) => els.length), 0, 'card buttons');
    assertEqual(await c.isVisible('#suggest-accept-all'), false, 'Accept all shown');
    assertEqual(await c.isVisible('#suggest-reject-all'), false, 'Reject all shown');
    await axeCheck(c, 'a comment-role page with its suggestion');
    await c.click('#history-toggle');
    await c.waitForSelector('#history:not([hidden])');
    assertEqual(await c.isVisible('#history-restore'), false, 'restore shown');
    await c.click('#history-toggle');
    await shot(commenter, '52-comment-role-suggesting');

    // Forced, the server refuses: over a socket and over REST, with code forbidden.
    const id = (await authServer.getJson(`/api/docs/${docId}/suggestions`)).suggestions[0].id;
    for (const action of ['accept', 'reject', 'accept-all']) {
      const code = await refusedSuggestion(commenter, authServer, docId, cora, {
        type: 'suggestion',
        action,
        ...(action === 'accept-all' ? {} : { id }),
      });
      assertEqual(code, 'forbidden', `a forced ${action} over the socket`);
    }
    const rest = await fetch(`${authServer.url}/api/docs/${docId}/suggestions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${cora}`, 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'accept', id }),
    });
    assertEqual(rest.status, 403, 'a forced accept over REST');
    assertEqual((await rest.json()).code, 'forbidden', 'its code');
    assertEqual(await textOf(writer), 'hello world', 'nothing was applied');

    // Wendy accepts: the text changes for both, and the card goes.
    await writer.page.click(`.suggestion[data-suggestion="${id}"] button:has-text("Accept")`);
    await waitFor('both pages have the accepted text', async () =>
      (await Promise.all([writer, commenter].map(textOf))).every((t) => t === 'hello big world'),
    );
    assertEqual(await converged([writer, commenter], 'accepting'), 'hello big world', 'accepted');
    for (const p of [writer, commenter])
      await waitFor(
        `${p.name}: the accepted suggestion leaves`,
        async () => (await p.page.$$eval('.suggestion', (els) => els.length)) === 0,
      );
    const decided = await authServer.getJson(`/api/docs/${docId}/suggestions`);
    assertEqual(decided.suggestions[0].status, 'accepted', 'the server says accepted');
    return [writer, commenter];
  },
);

authScenario(
  '53 a comment-role user on a phone (390 × 844): one row of header, suggests from the keyboard, sees the rejection',
  async ({ authServer, secret, browser, docId }) => {
    const writer = await newPerson(browser, 'not used', { width: 1100, height: 640 });
    const phone = await newPerson(browser, 'not used', { width: 390, height: 844 });
    const wendy = tokenFor(secret, 'wendy', { [docId]: 'write' }, { name: 'Wendy' });
    const cora = tokenFor(secret, 'cora', { [docId]: 'comment' }, { name: 'Cora' });
    await openWithToken(writer, authServer, docId, wendy);
    await writer.page.click('.cm-content');
    await writer.page.keyboard.type('Short note.', { delay: 5 });
    await converged([writer], 'the writer typed');
    await openWithToken(phone, authServer, docId, cora);
    assertEqual(await converged([writer, phone], 'joining'), 'Short note.', 'text');
    const p = phone.page;
    await p.waitForSelector('#read-only:not([hidden])');
    const layout = await p.evaluate(() => {
      const bar = document.querySelector('.topbar');
      return {
        page: document.documentElement.scrollWidth,
        header: bar.scrollWidth > bar.clientWidth,
        height: Math.round(bar.getBoundingClientRect().height),
      };
    });
    if (layout.page > 390 || layout.header || layout.height > 56)
      throw new E2eFailure(`phone layout: ${JSON.stringify(layout)}`);
    // The toggle is in the tab order (aria-disabled, not disabled), so its reason can be read.
    assertEqual(await p.$eval('#suggest-toggle', (e) => e.tabIndex), 0, 'tab index');
    assertEqual(await p.$eval('#suggest-toggle', (e) => e.disabled), false, 'not disabled');

    // From the keyboard only: to the end of the text, a deletion and an insertion.
    await p.focus('.cm-content');
    await p.keyboard.press('Control+End');
    await p.keyboard.press('Backspace');
    await p.keyboard.type('!', { delay: 20 });
    for (const person of [writer, phone])
      await waitFor(`${person.name} sees one suggestion: "." to "!"`, async () => {
        const cards = await person.page.$$eval('.suggestion .suggestion-text', (els) =>
          els.map((e) => e.textContent),
        );
        return cards.join('|') === '. → !';
      });
    assertEqual(await textOf(phone), 'Short note.', 'the phone’s text is unchanged');
    assertEqual(await textOf(writer), 'Short note.', 'the writer’s text is unchanged');
    const box = await p.$eval('#suggestions', (e) => {
      const r = e.getBoundingClientRect();
      return { left: r.left, right: r.right };
    });
    if (box.left < 0 || box.right > 390)
      throw new E2eFailure(`the suggestions are off the screen: ${JSON.stringify(box)}`);
    await axeCheck(p, 'a comment-role page on a phone');
    await shot(phone, '53-comment-role-phone');

    await writer.page.click('.suggestion button:has-text("Reject")');
    await waitFor(
      'the rejected suggestion leaves the phone',
      async () => (await p.$$eval('.suggestion', (els) => els.length)) === 0,
    );
    assertEqual(await converged([writer, phone], 'rejecting'), 'Short note.', 'rejected');
    return [writer, phone];
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

scenario(
  '95 authorship colours show two authors’ text in two colours, named on hover, in the history too',
  async ({ server, browser, docId }) => {
    const ada = await newPerson(browser, 'Ada', { width: 1200, height: 640 });
    const bo = await newPerson(browser, 'Bo', { width: 1200, height: 640 });
    await open(ada, server, docId);
    await ada.page.keyboard.type('hello ', { delay: 5 });
    await open(bo, server, docId);
    assertEqual(await converged([ada, bo], 'Ada typing'), 'hello ', 'text');
    await bo.page.evaluate(() =>
      window.quire.view.dispatch({
        changes: { from: 6, insert: 'world' },
        userEvent: 'input.type',
      }),
    );
    assertEqual(await converged([ada, bo], 'Bo typing'), 'hello world', 'text');
    const rest = await (await fetch(`${server.url}/api/docs/${docId}/authorship`)).json();
    assertEqual(
      rest.spans.map((s) => `${s.from}-${s.to} ${s.author}`).join(', '),
      '0-6 Ada, 6-11 Bo',
      'REST spans',
    );
    const byAuthor = (page, root) =>
      page.$$eval(`${root} .author-mark`, (els) => {
        const out = {};
        for (const e of els) {
          const a = e.getAttribute('data-author');
          out[a] = (out[a] ?? '') + e.textContent;
        }
        return out;
      });
    const colours = (page, root) =>
      page.$$eval(`${root} .author-mark`, (els) => {
        const out = {};
        for (const e of els)
          out[e.getAttribute('data-author')] = getComputedStyle(e).backgroundColor;
        return out;
      });
    for (const p of [ada, bo]) {
      assertEqual(
        await p.page.getAttribute('#authors-toggle', 'aria-pressed'),
        'false',
        'off at first',
      );
      assertEqual(await p.page.$('.cm-content .author-mark'), null, 'no colours while off');
      await p.page.click('#authors-toggle');
      assertEqual(await p.page.getAttribute('#authors-toggle', 'aria-pressed'), 'true', 'pressed');
      await waitFor('the text coloured by author', async () => {
        const texts = await byAuthor(p.page, '.cm-content');
        return texts.Ada === 'hello ' && texts.Bo === 'world';
      });
      const c = await colours(p.page, '.cm-content');
      // Each author's text takes that author's presence colour, and the server gives two
      // editors of one document two presence colours (decision 041): two colours.
      const presence = await p.page.$$eval('.cm-content .author-mark', (els) => {
        const out = {};
        for (const e of els)
          out[e.getAttribute('data-author')] = e.style.getPropertyValue('--author');
        return out;
      });
      if (presence.Ada === presence.Bo)
        throw new E2eFailure(`Ada and Bo were given one presence colour: ${presence.Ada}`);
      if (c.Ada === c.Bo) throw new E2eFailure(`Ada and Bo in one colour: ${JSON.stringify(c)}`);
      const title = await p.page.getAttribute(
        '.cm-content .author-mark[data-author="Bo"]',
        'title',
      );
      if (!/^Bo, .*\d{2}:\d{2}/.test(title)) throw new E2eFailure(`hover text: ${title}`);
    }
    // Ada's presence colour is her text's colour on Bo's page.
    const adaColour = await bo.page.$eval('.cm-content .author-mark[data-author="Ada"]', (e) =>
      e.style.getPropertyValue('--author'),
    );
    const avatar = await bo.page.$$eval('.presence .avatar', (els) =>
      els.map((e) => e.style.background),
    );
    if (!avatar.some((a) => a !== '' && colourEq(a, adaColour)))
      throw new E2eFailure(`Ada's colour ${adaColour} is not her avatar's: ${avatar}`);
    // Bo types more, live: Ada's page colours it Bo's after the refetch.
    await bo.page.evaluate(() =>
      window.quire.view.dispatch({ changes: { from: 11, insert: '!' }, userEvent: 'input.type' }),
    );
    await waitFor('Bo’s new text coloured on Ada’s page', async () => {
      const texts = await byAuthor(ada.page, '.cm-content');
      return texts.Ada === 'hello ' && texts.Bo === 'world!';
    });
    await axeCheck(ada.page, 'the editor with authors shown');
    // The history colours the shown version the same way.
    await openHistory(ada);
    await waitFor('the history version coloured by author', async () => {
      const texts = await byAuthor(ada.page, '#history-preview');
      return texts.Ada === 'hello ' && texts.Bo === 'world!';
    });
    await ada.page.focus('#history-slider');
    await ada.page.keyboard.press('ArrowLeft');
    await waitFor('the version before the "!"', async () => {
      const texts = await byAuthor(ada.page, '#history-preview');
      return texts.Ada === 'hello ' && texts.Bo === 'world';
    });
    await shot(ada, '95-authors');
    // Off again: no colours.
    await bo.page.click('#authors-toggle');
    assertEqual(await bo.page.$('.cm-content .author-mark'), null, 'no colours once off');
    // Bo leaves: on Ada's page his text takes the presence palette's colour at his name's place,
    // as the server places a session ("Bo".hashCode() = 2157, 2157 mod 12 = 9: maroon).
    const avatars = (await ada.page.$$('.presence .avatar')).length;
    await bo.page.close();
    await waitFor('Bo gone from Ada’s page', async () => {
      return (await ada.page.$$('.presence .avatar')).length === avatars - 1;
    });
    await ada.page.click('#authors-toggle');
    await ada.page.click('#authors-toggle');
    const absent = serverPalette()[9];
    await waitFor(`Bo’s text in ${absent} once he has left`, async () => {
      const bos = await ada.page.$$eval('.cm-content .author-mark[data-author="Bo"]', (els) =>
        els.map((e) => e.style.getPropertyValue('--author')),
      );
      return bos.length > 0 && bos.every((c) => colourEq(c, absent));
    });
    return [ada, bo];
  },
);

/** Whether two CSS colours (`#rrggbb` or `rgb(…)`) are the same. */
function colourEq(a, b) {
  const rgb = (c) => {
    const m = c.trim().match(/^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i);
    if (m) return [1, 2, 3].map((i) => parseInt(m[i], 16)).join(',');
    return (c.match(/\d+/g) ?? []).slice(0, 3).join(',');
  };
  return rgb(a) === rgb(b);
}

scenario(
  '90 chat: live in the other page, markup as text, history after a reload, older on scroll',
  async ({ server, browser, docId }) => {
    const ada = await newPerson(browser, 'Ada', { width: 1200, height: 700 });
    const bo = await newPerson(browser, 'Bo', { width: 1200, height: 700 });
    await open(ada, server, docId);
    await ada.page.keyboard.type('Talk about this text.', { delay: 5 });
    await open(bo, server, docId);
    await ada.page.click('#chat-toggle');
    assertEqual(await ada.page.isVisible('#chat'), true, 'the panel opens');
    assertEqual(
      await ada.page.evaluate(() => document.activeElement.id),
      'chat-input',
      'focus in the message box',
    );
    const xss = '<img src=x onerror="window.pwned=1">';
    await ada.page.keyboard.type(xss);
    await ada.page.keyboard.press('Enter');
    // Bo's panel is closed: the button counts the new message.
    await waitFor(
      'Bo sees one unread',
      async () => (await bo.page.textContent('#chat-toggle')) === 'Chat (1)',
    );
    await bo.page.click('#chat-toggle');
    for (const p of [ada, bo]) {
      await p.page.waitForSelector('#chat-log .chat-message .chat-text', { timeout: 10_000 });
      assertEqual(await p.page.textContent('#chat-log .chat-text'), xss, 'shown as text');
      assertEqual(await p.page.textContent('#chat-log .chat-author'), 'Ada', 'the sender');
      assertEqual(await p.page.$('#chat img'), null, 'no image element in the chat');
      assertEqual(await p.page.evaluate(() => window.pwned), undefined, 'no handler ran');
    }
    const rest = await server.getJson(`/api/docs/${docId}/chat`);
    assertEqual(rest.messages.length, 1, 'stored once');
    assertEqual(rest.messages[0].text, xss, 'stored as sent');
    const dot = await bo.page.$eval(
      '#chat-log .chat-dot',
      (e) => getComputedStyle(e).backgroundColor,
    );
    const hex = rest.messages[0].color;
    const rgb = `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;
    assertEqual(dot, rgb, 'the sender colour from presence');

    // Bo answers by keyboard; Ada, whose panel is open, sees it at once.
    await bo.page.fill('#chat-input', 'hi Ada, *not bold*');
    await bo.page.press('#chat-input', 'Enter');
    await waitFor('Ada sees the answer', async () => {
      const texts = await ada.page.$$eval('#chat-log .chat-text', (els) =>
        els.map((e) => e.textContent),
      );
      return texts.join('|') === `${xss}|hi Ada, *not bold*`;
    });
    await axeCheck(ada.page, 'the editor page with the chat open');

    // A reload shows the history; Escape closes and gives the focus back to the button.
    await bo.page.reload();
    await bo.page.waitForSelector('#status[data-state="connected"]', { timeout: 20_000 });
    await bo.page.click('#chat-toggle');
    await waitFor('the history after a reload', async () => {
      const texts = await bo.page.$$eval('#chat-log .chat-text', (els) =>
        els.map((e) => e.textContent),
      );
      return texts.join('|') === `${xss}|hi Ada, *not bold*`;
    });
    assertEqual(
      await bo.page.evaluate(() => window.pwned),
      undefined,
      'no handler ran after reload',
    );
    await bo.page.keyboard.press('Escape');
    assertEqual(await bo.page.isVisible('#chat'), false, 'Escape closes');
    assertEqual(
      await bo.page.evaluate(() => document.activeElement.id),
      'chat-toggle',
      'focus back on the button',
    );
    await shot(ada, '90-chat');

    // A long chat (imported): 100 on join, the rest on scrolling up.
    const long = `${docId}-long`;
    const chat = Array.from({ length: 150 }, (_, i) => ({
      id: i + 1,
      author: 'Cy',
      color: '#4363d8',
      text: `line ${i + 1}`,
      time: '2026-12-06T04:00:00Z',
    }));
    const file = {
      format: 'quire-document',
      formatVersion: 1,
      id: long,
      version: 0,
      content: '',
      ops: [],
      chat,
    };
    const imported = await fetch(`${server.url}/api/docs/${long}/import`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(file),
    });
    assertEqual(imported.status, 201, 'import');
    await open(bo, server, long);
    await bo.page.click('#chat-toggle');
    await waitFor(
      'the newest 100',
      async () => (await bo.page.$$('#chat-log .chat-message')).length === 100,
    );
    assertEqual(await bo.page.textContent('#chat-log .chat-text'), 'line 51', 'oldest shown');
    assertEqual(await bo.page.isVisible('#chat-older'), true, 'older messages offered');
    await bo.page.$eval('#chat-log', (e) => {
      e.scrollTop = 0;
    });
    await waitFor(
      'all 150 after scrolling up',
      async () => (await bo.page.$$('#chat-log .chat-message')).length === 150,
    );
    assertEqual(await bo.page.textContent('#chat-log .chat-text'), 'line 1', 'the first message');
    assertEqual(await bo.page.isVisible('#chat-older'), false, 'nothing older');
    return [ada, bo];
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
    retention: {
      label: 'with --history-retention 1s --snapshot-every 5 --history-limit 1',
      create: () =>
        ServerProcess.create({
          args: ['--history-retention', '1s', '--snapshot-every', '5', '--history-limit', '1'],
        }),
    },
    cluster: {
      label: 'two nodes on PostgreSQL and Redis behind nginx',
      create: () => Cluster.create(),
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
          retentionServer: running.retention,
          cluster: running.cluster,
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
