// The admin page: polls /admin/status every 2 s and draws it. With authentication on, open the
// page as /admin#token=<admin jwt>: the fragment never reaches a server, and the token is kept
// in this tab's sessionStorage only.
const POLL_MS = 2000;

function token() {
  const m = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (m) {
    sessionStorage.setItem('quire.admin.token', decodeURIComponent(m[1]));
    history.replaceState(null, '', location.pathname);
  }
  return sessionStorage.getItem('quire.admin.token');
}

function text(id, value, bad) {
  const el = document.getElementById(id);
  el.textContent = value;
  el.classList.toggle('bad', Boolean(bad));
}

function fixed(n) {
  return n < 0 ? '–' : n >= 100 ? n.toFixed(0) : n.toFixed(n >= 10 ? 1 : 2);
}

function chart(id, series) {
  const svg = document.getElementById(id);
  svg.replaceChildren();
  const points = series.flatMap((s) => s.values).filter((v) => v >= 0);
  const max = Math.max(1e-9, ...points);
  const n = Math.max(2, ...series.map((s) => s.values.length));
  for (const s of series) {
    let d = '';
    s.values.forEach((v, i) => {
      if (v < 0) return;
      const x = (i / (n - 1)) * 296 + 2;
      const y = 76 - (v / max) * 66;
      d += (d === '' ? 'M' : 'L') + x.toFixed(1) + ' ' + y.toFixed(1);
    });
    const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
    path.setAttribute('d', d);
    path.setAttribute('class', s.cls);
    svg.append(path);
  }
  const label = document.createElementNS('http://www.w3.org/2000/svg', 'text');
  label.setAttribute('x', '4');
  label.setAttribute('y', '9');
  label.textContent = points.length ? 'max ' + fixed(max) : 'no ops yet';
  svg.append(label);
}

function render(s) {
  const healthy = s.health === 'ok' && s.ready === 'ready';
  const overall = document.getElementById('overall');
  overall.textContent = healthy ? 'healthy' : s.health !== 'ok' ? 'failing' : 'not ready';
  overall.className = 'badge ' + (healthy ? 'ok' : 'bad');
  document.getElementById('version').textContent = 'version ' + s.version;
  text('health', s.health, s.health !== 'ok');
  text('ready', s.ready, s.ready !== 'ready');
  text('connections', String(s.connections));
  text('documentsOpen', String(s.documentsOpen));
  text('editors', String(s.editors));
  text('journalLag', String(s.journalLag), s.journalLag > 10000);
  const last = s.history.length ? s.history[s.history.length - 1] : null;
  text('opsPerSecond', last ? fixed(last.opsPerSecond) : '–');
  const problems = document.getElementById('problems');
  problems.replaceChildren(
    ...s.problems.map((p) => {
      const li = document.createElement('li');
      li.textContent = p;
      return li;
    }),
  );
  chart('chart-ops', [{ cls: 'mean', values: s.history.map((h) => h.opsPerSecond) }]);
  chart('chart-commit', [
    { cls: 'mean', values: s.history.map((h) => h.commitMeanMs) },
    { cls: 'p99', values: s.history.map((h) => h.commitP99Ms) },
  ]);
  chart('chart-broadcast', [
    { cls: 'mean', values: s.history.map((h) => h.broadcastMeanMs) },
    { cls: 'p99', values: s.history.map((h) => h.broadcastP99Ms) },
  ]);
  const rows = s.documents.map((d) => {
    const tr = document.createElement('tr');
    const id = document.createElement('td');
    id.textContent = d.id;
    const editors = document.createElement('td');
    editors.textContent = d.editors.join(', ');
    tr.append(id, editors);
    return tr;
  });
  const body = document.getElementById('documents');
  if (rows.length) {
    body.replaceChildren(...rows);
  } else {
    const tr = document.createElement('tr');
    tr.innerHTML = '<td colspan="2" class="muted">none</td>';
    body.replaceChildren(tr);
  }
}

function message(text) {
  const el = document.getElementById('message');
  el.textContent = text;
  el.hidden = !text;
}

async function poll() {
  const t = token();
  try {
    const res = await fetch('/admin/status', {
      headers: t ? { Authorization: 'Bearer ' + t } : {},
      cache: 'no-store',
    });
    if (res.status === 401 || res.status === 403) {
      message(
        res.status === 401
          ? 'Authentication is on: open this page as /admin#token=<a token granting admin on *>.'
          : 'This token does not grant admin on every document (*).',
      );
      document.getElementById('overall').textContent = 'no access';
      return;
    }
    message('');
    render(await res.json());
  } catch (e) {
    message('The server does not answer (' + e.message + ').');
    const overall = document.getElementById('overall');
    overall.textContent = 'unreachable';
    overall.className = 'badge bad';
  }
}

poll();
setInterval(poll, POLL_MS);
