import './styles.css';
import './look/theme.css';
import './look/preview.css';
import './look/chrome.css';
import './documents.css';
import { renderEditorPage } from './pages/editor-page';
import { renderListPage } from './pages/list-page';
import { Api, DOC_ID } from './pages/api';
import { h } from './pages/dom';
import { initTheme } from './pages/theme';
import { takeToken } from './pages/token';

/** Routes on location.pathname: `/` is the document list, `/d/{docId}` the editor. */
function route(): void {
  initTheme();
  const root = document.getElementById('app')!;
  // First of all, so that the token leaves the address bar before anything can copy it.
  const link = takeToken(window.location, window.history, sessionStorage);
  const auth = {
    link,
    api: new Api(link.kind === 'token' ? link.token : undefined),
    storage: sessionStorage,
  };
  const path = window.location.pathname;
  const m = /^\/d\/([^/]+)\/?$/.exec(path);
  if (path === '/' || path === '/index.html') {
    renderListPage(root, auth);
  } else if (m && DOC_ID.test(decodeURIComponent(m[1]!))) {
    void renderEditorPage(root, decodeURIComponent(m[1]!), auth);
  } else {
    root.replaceChildren(
      h(
        'main',
        { class: 'home' },
        h(
          'section',
          { class: 'hero' },
          h('h1', {}, 'Not found'),
          h('p', { class: 'lead' }, 'Document names use 1–128 letters, digits, "-", "_" and ".".'),
          h('a', { class: 'btn primary', href: '/' }, 'All documents'),
        ),
      ),
    );
  }
}

route();
