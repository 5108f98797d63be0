import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { markdown } from '@codemirror/lang-markdown';
import { defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { highlightSelectionMatches, searchKeymap } from '@codemirror/search';
import { Compartment, EditorState } from '@codemirror/state';
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  keymap,
  lineNumbers,
} from '@codemirror/view';
import {
  DocConnection,
  SessionStore,
  type ConnectionStatus,
  type PeerView,
  type SavedEdits,
  type SessionRecord,
  type Trouble,
  type Role,
} from 'quire-client';
import { CollabBinding, remoteCursors } from 'quire-client/codemirror';
import { editorMode, modeForRole, type EditorMode } from '../editor/modes';
import { h, initials, relativeTime, toast } from './dom';
import { EditorBanners } from './editor-banners';
import { EditorLook } from './editor-look';
import { CommentsPanel } from './comments-panel';
import { AuthorsView } from './authors-view';
import { ChatPanel } from './chat-panel';
import { SuggestionsPanel } from './suggestions-panel';
import { HistoryPanel } from './history-panel';
import { TitleField } from './title-field';
import { askName } from './name-dialog';
import {
  clearDraft,
  loadDraft,
  guestName,
  loadName,
  saveDraft,
  saveName,
  touchRecent,
  type Draft,
} from './prefs';
import { PendingStore } from './pending-store';
import { ShareControl } from './share';
import { renderSignIn, signInReason } from './sign-in';
import { readClaims, type PageAuth } from './token';

/** A peer without a cursor move or an edit for this long is shown as idle (it is still here). */
const IDLE_MS = 2 * 60_000;

/**
 * `/d/{docId}`: the collaborative editor — or, when the server refuses us (401 / 403), the
 * sign-in page, asked before anything else (so no name dialog and no editor flash first).
 */
export async function renderEditorPage(
  root: HTMLElement,
  docId: string,
  auth: PageAuth,
): Promise<void> {
  document.title = `${docId} — Quire`;
  if (auth.link.kind === 'malformed') {
    renderSignIn(root, { reason: 'invalid', docId, token: auth.link, storage: auth.storage });
    return;
  }
  // Unreachable server: open the editor anyway; it works offline and keeps trying.
  const access = await auth.api.checkAccess(docId).catch(() => 'ok' as const);
  if (access !== 'ok') {
    const reason = signInReason(access, auth.link, Date.now());
    renderSignIn(root, { reason, docId, token: auth.link, storage: auth.storage });
    return;
  }
  touchRecent(docId);
  // With a token, the server takes the name from it, not from us.
  const name =
    auth.link.kind === 'token'
      ? (readClaims(auth.link.token).name ?? 'Guest')
      : (loadName() ?? guestName());
  // Edits a crashed or closed page of this document never saw acknowledged: resent from here.
  const pending = new PendingStore(docId);
  const restore = await pending.adopt().catch(() => undefined);
  new EditorPage(root, docId, name, auth, pending, restore).start();
}

/** What a refusal for size means, in plain words, with what to do. */
const SIZE_REFUSALS: Record<string, string> = {
  'document-too-large':
    'This document has reached the largest size this server keeps, so your last edit was not saved. Delete some text, or put the new text in another document.',
  'message-too-large':
    'Your last edit was too large to send, so it was not saved. Paste it in smaller parts.',
};

/** How often, at most, the unacknowledged edits are written to the browser's storage. */
const SAVE_PENDING_MS = 200;

/** The badge beside the title of a page whose role allows no editing. */
const BADGES: Partial<Record<EditorMode, { text: string; title: string }>> = {
  read: {
    text: 'Read-only',
    title: 'You can read this document and see everyone’s edits and cursors, but not change it.',
  },
  suggest: {
    text: 'Suggesting',
    title: 'You can comment and suggest changes; a writer accepts or rejects your suggestions.',
  },
};

class EditorPage {
  private readonly binding = new CollabBinding();
  private readonly editable = new Compartment();
  private readonly sessions: SessionStore;
  private readonly record: SessionRecord;
  private readonly connection: DocConnection;
  private readonly view: EditorView;
  private readonly statusEl = h('div', { class: 'status', id: 'status' });
  /** Announces connection changes only (not every keystroke's pending count). */
  private readonly announcer = h('div', {
    class: 'visually-hidden',
    role: 'status',
    'aria-live': 'polite',
  });
  private lastState = '';
  /** The session whose record of unacknowledged edits is in storage, if any. */
  private savedSession: string | undefined;
  private savedOk = false;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly peersEl = h('ul', {
    class: 'peers',
    id: 'peers',
    'aria-label': 'People in this document',
  });
  private readonly banners = new EditorBanners({
    filename: () => this.filename(),
    retryNow: () => this.connection.retryNow(),
    putBack: (text) => this.binding.replaceAllAsUser(text, 'input.restore'),
    forgetDraft: () => clearDraft(this.docId),
  });
  private readonly history: HistoryPanel;
  private readonly titleField: TitleField;
  private readonly commentsPanel: CommentsPanel;
  private readonly authors: AuthorsView;
  private readonly chatPanel: ChatPanel;
  private readonly suggestionsPanel: SuggestionsPanel;
  private readonly meButton: HTMLButtonElement;
  private readonly mdLike: boolean;
  private readonly share: ShareControl;
  private readonly look: EditorLook;
  /** Says `Read-only` or `Suggesting` when the role allows no editing (text and title set by role). */
  private readonly readOnlyBadge = h('span', {
    class: 'readonly-badge',
    id: 'read-only',
    hidden: true,
  });
  private loaded = false;
  private ended = false;
  private role: Role | undefined;
  /** Our colour as the others see it (from `joined`); grey until then. */
  private color: string | undefined;
  private peers: readonly PeerView[] = [];
  /** When each peer last showed activity (joined, moved its cursor, typed). */
  private readonly lastSeen = new Map<string, number>();

  constructor(
    private readonly root: HTMLElement,
    private readonly docId: string,
    private name: string,
    private readonly auth: PageAuth,
    private readonly pending: PendingStore,
    restore: SavedEdits | undefined,
  ) {
    this.sessions = new SessionStore(auth.storage);
    this.record = this.sessions.claim(docId);
    this.share = new ShareControl(auth.api, docId);
    this.mdLike = /\.(md|markdown)$/i.test(docId);
    this.meButton = h('button', { class: 'me', type: 'button', id: 'me' });
    this.look = new EditorLook(root, docId, this.mdLike, () => void this.copyLink(), [
      {
        id: 'menu-authors',
        label: 'Authors',
        run: () => this.authors.button.click(),
        phoneOnly: true,
        pressed: () => this.authors.isOn,
      },
      { id: 'menu-chat', label: 'Chat', run: () => this.chatPanel.toggle.click(), phoneOnly: true },
    ]);
    this.titleField = new TitleField(auth.api, docId, [
      this.readOnlyBadge,
      this.mdLike ? h('span', { class: 'badge' }, 'Markdown') : null,
    ]);
    this.history = new HistoryPanel({
      docId,
      api: auth.api,
      currentVersion: () => this.connection.status.version,
      restore: (content, version) => {
        this.binding.replaceAllAsUser(content, 'input.restore');
        toast(`Restored version ${version}. Undo with Ctrl+Z.`);
      },
      close: () => this.toggleHistory(false),
      colorByAuthor: async (preview, version, stillShown) => {
        if (!this.authors.isOn) return false;
        const a = await auth.api.getAuthorship(docId, version);
        if (!stillShown() || !this.authors.isOn) return false;
        this.authors.colorHistory(preview, a.spans);
        return true;
      },
    });
    this.authors = new AuthorsView({
      docId,
      api: auth.api,
      you: () => this.name,
      presentColor: (n) => this.presentColor(n),
      status: () => this.connection.status,
      changed: () => this.history.refresh(),
    });
    this.commentsPanel = new CommentsPanel({
      createComment: (start, end, text) => this.connection.createComment(start, end, text),
      comment: (action) => this.connection.comment(action),
    });
    this.chatPanel = new ChatPanel({
      sendChat: (text) => this.connection.sendChat(text),
      loadOlderChat: () => this.connection.loadOlderChat(),
    });
    this.suggestionsPanel = new SuggestionsPanel({
      suggest: (start, end, text) => this.connection.suggest(start, end, text),
      decideSuggestion: (action) => this.connection.decideSuggestion(action),
      presentColor: (n) => this.presentColor(n),
    });
    const editorHost = h('div', { class: 'editor', id: 'editor' });
    this.view = new EditorView({
      parent: editorHost,
      state: EditorState.create({
        doc: '',
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          history(),
          drawSelection(),
          EditorState.allowMultipleSelections.of(true),
          highlightActiveLine(),
          highlightSelectionMatches(),
          syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          keymap.of([...defaultKeymap, ...historyKeymap, ...searchKeymap]),
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({ 'aria-label': `Text of ${docId}` }),
          this.mdLike ? markdown() : [],
          this.look.extensions(),
          this.editable.of(editorMode('loading')),
          remoteCursors(),
          this.commentsPanel.extension(),
          this.authors.extension(),
          this.suggestionsPanel.extension(),
          this.binding.extension(),
        ],
      }),
    });
    const location = window.location;
    // `?doc=` lets a balancer route by document (decision 051); the server ignores it.
    const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws?doc=${encodeURIComponent(docId)}`;
    this.connection = new DocConnection({
      url: wsUrl,
      docId,
      session: this.record.session,
      nextSeq: this.record.nextSeq,
      ...windowFromQuery(location.search),
      restore,
      user: { name },
      editor: this.binding,
      comments: true,
      chat: true,
      suggestions: true,
      token: auth.link.kind === 'token' ? auth.link.token : undefined,
      checkAccess: () => auth.api.checkAccess(docId),
      listener: {
        role: (r) => this.onRole(r),
        self: (u) => {
          this.color = u.color;
          this.updateMe();
        },
        comments: (list, you) => this.commentsPanel.update(list, you),
        chat: (messages, more) => this.chatPanel.update(messages, more),
        chatRefused: (code, _message, retryAfterMs) => this.chatPanel.refused(code, retryAfterMs),
        suggestions: (list) => this.suggestionsPanel.update(list),
        denied: (t) => this.onDenied(t),
        status: (s) => this.onStatus(s),
        peers: (p) => this.onPeers(p),
        presence: (p) => this.onPresence(p),
        trouble: (t) => this.onTrouble(t),
        refused: (t) => this.onRefused(t),
        deleted: (t) => this.onDeleted(t),
        title: (t) => this.titleField.remote(t),
      },
    });
    this.binding.attach(this.view, this.connection);
    this.commentsPanel.attach(this.view);
    this.authors.attach(this.view);
    this.suggestionsPanel.attach(this.view);
    // No other tab may adopt this page's edits while it lives.
    this.pending.hold(restore?.session ?? this.record.session);
    this.render(editorHost);
  }

  start(): void {
    this.connection.start();
    // Idle is a matter of time passing: look again now and then.
    setInterval(() => this.onPeers(this.peers), IDLE_MS / 4);
    window.addEventListener('online', () => this.connection.goOnline());
    window.addEventListener('offline', () => this.connection.goOffline());
    window.addEventListener('pagehide', () => this.onLeave());
    window.addEventListener('beforeunload', (e) => {
      if (this.connection.status.pending > 0 && !this.ended) {
        this.onLeave();
        e.preventDefault();
      }
    });
    // A debugging and testing handle; not an API.
    (window as unknown as { quire: unknown }).quire = {
      text: () => this.view.state.doc.toString(),
      comments: () => this.connection.comments,
      chat: () => this.connection.chat,
      suggestions: () => this.connection.suggestions,
      status: () => this.connection.status,
      view: this.view,
      ...this.look.testHandle(),
    };
  }

  private render(editorHost: HTMLElement): void {
    this.meButton.addEventListener('click', () => {
      if (this.auth.link.kind === 'token') {
        toast(`You are ${this.name}: the name comes with your link.`);
        return;
      }
      void askName(this.root, this.name).then((n) => {
        if (n !== undefined && n !== this.name) {
          saveName(n);
          this.name = n;
          this.connection.rename(n);
          this.updateMe();
        }
      });
    });
    const copy = h(
      'button',
      { class: 'btn', type: 'button', id: 'copy-link', title: 'Copy a link to this document' },
      'Copy link',
    );
    copy.addEventListener('click', () => void this.copyLink());
    const hist = h(
      'button',
      {
        class: 'btn',
        type: 'button',
        id: 'history-toggle',
        'aria-expanded': 'false',
        'aria-controls': 'history',
      },
      'History',
    );
    hist.addEventListener('click', () => this.toggleHistory(!this.history.isOpen));
    this.updateMe();
    const workspace = h(
      'div',
      { class: 'workspace', id: 'workspace' },
      editorHost,
      this.suggestionsPanel.element,
      this.commentsPanel.element,
      this.chatPanel.element,
      this.history.view,
      this.history.element,
    );
    this.root.replaceChildren(
      h(
        'div',
        { class: 'editor-page' },
        h(
          'header',
          { class: 'topbar' },
          h(
            'a',
            { class: 'brand', href: '/', title: 'All documents' },
            h('span', { class: 'logo', 'aria-hidden': 'true' }, 'Q'),
            h('span', { class: 'brand-name' }, 'Quire'),
          ),
          this.titleField.element,
          h('div', { class: 'presence' }, this.peersEl, this.statusEl),
          this.look.viewControl,
          h(
            'nav',
            { class: 'actions', 'aria-label': 'Document actions' },
            this.share.button,
            copy,
            this.authors.button,
            hist,
            this.chatPanel.toggle,
            this.look.menu.element,
            this.meButton,
          ),
        ),
        this.share.element,
        h('main', { class: 'editor-main' }, this.banners.element, this.announcer, workspace),
        this.look.statusbar,
      ),
    );
    this.look.attach(this.view, workspace);
    this.onStatus(this.connection.status);
    this.onPeers([]);
  }

  private onStatus(s: ConnectionStatus): void {
    this.banners.showConnection(s, this.loaded);
    this.saveTimer ??= setTimeout(() => {
      this.saveTimer = undefined;
      this.savePending();
    }, SAVE_PENDING_MS);
    if (s.state === 'connected' && !this.loaded) {
      this.loaded = true;
      this.view.focus();
      this.offerKeptDraft();
    }
    const waiting =
      s.pending === 0 ? '' : ` · ${s.pending} ${s.pending === 1 ? 'edit' : 'edits'} waiting`;
    const text: Record<string, string> = {
      connecting: 'Connecting…',
      // A reader has nothing to save: the text is live.
      connected: s.pending > 0 ? `Saving…${waiting}` : this.role === 'read' ? 'Live' : 'Saved',
      reconnecting: `Reconnecting…${waiting}`,
      offline: `Offline${waiting}`,
      stopped: `Disconnected${waiting}`,
    };
    // Where WebSockets are blocked the editor works over plain HTTP (decision 025): say so, small.
    const http = s.state === 'connected' && s.transport === 'http';
    this.statusEl.textContent = (text[s.state] ?? s.state) + (http ? ' · HTTP' : '');
    this.statusEl.title = http
      ? 'Connected · HTTP: this network blocks WebSockets, so edits go over plain HTTP requests. Nothing is lost.'
      : '';
    if (s.state !== this.lastState) {
      const said: Record<string, string> = {
        connected:
          this.role === 'read'
            ? 'Connected. Read-only: you can follow this document, not edit it.'
            : this.role === 'comment' && this.lastState === ''
              ? 'Connected. Suggesting: what you type becomes a suggestion for a writer to accept.'
              : this.lastState === '' || this.lastState === 'connecting'
                ? http
                  ? 'Connected · HTTP.'
                  : 'Connected.'
                : 'Back online. Your edits are being sent.',
        reconnecting:
          'Connection lost. Keep typing: your edits are kept and sent when the connection is back.',
        offline:
          'You are offline. Keep typing: your edits are kept and sent when you are back online.',
        stopped: 'Disconnected from this document.',
      };
      this.announcer.textContent = said[s.state] ?? '';
      this.lastState = s.state;
    }
    this.statusEl.dataset.state = s.state;
    this.statusEl.dataset.transport =
      s.state === 'connected' ? (s.transport === 'http' ? 'http' : 'websocket') : '';
    this.statusEl.dataset.pending = String(s.pending);
    this.history.versionChanged(s.version);
  }

  /**
   * Every join says what we may do: `read` makes the editor read-only and says so; `comment`
   * keeps it editable in suggest mode, always on, and says so; either hides what needs `write`.
   */
  private onRole(role: Role): void {
    const mode = modeForRole(role);
    const readOnly = mode !== 'write';
    this.role = role; // announced with the connection state that follows
    this.commentsPanel.setRole(role);
    this.chatPanel.setRole(role);
    this.suggestionsPanel.setRole(role); // before the text is editable: suggest mode is on first
    this.view.dispatch({ effects: this.editable.reconfigure(editorMode(mode)) });
    const badge = BADGES[mode];
    this.readOnlyBadge.hidden = badge === undefined;
    if (badge) {
      this.readOnlyBadge.textContent = badge.text;
      this.readOnlyBadge.title = badge.title;
    }
    this.history.setReadOnly(readOnly);
    this.titleField.setEditable(!readOnly);
    // Each (re)join: a title changed while we were away is read again.
    this.titleField.load();
    // Without a token the server has authentication off: every link is already admin.
    this.share.show(role === 'admin' && this.auth.link.kind === 'token');
    if (readOnly) this.banners.dropPutBack();
  }

  /** The server refused us (the link expired, or grants nothing here): the sign-in page. */
  private onDenied(t: Trouble): void {
    this.ended = true;
    if (t.pending > 0) saveDraft(this.docId, t.unsent, 'Your access ended before they were sent.');
    const code = t.code === 'forbidden' ? 'forbidden' : 'unauthorized';
    renderSignIn(this.root, {
      reason: signInReason(code, this.auth.link, Date.now()),
      docId: this.docId,
      token: this.auth.link,
      keptEdits: t.pending,
      storage: this.auth.storage,
    });
  }

  /** The presence colour of `name` while that person is here (you included). */
  private presentColor(name: string): string | undefined {
    return name === this.name ? this.color : this.peers.find((p) => p.name === name)?.color;
  }

  private onPeers(peers: readonly PeerView[]): void {
    this.peers = peers;
    this.binding.showPeers(peers);
    const now = Date.now();
    for (const p of peers) if (!this.lastSeen.has(p.clientId)) this.lastSeen.set(p.clientId, now);
    const idle = (p: PeerView) => now - (this.lastSeen.get(p.clientId) ?? now) >= IDLE_MS;
    const items = peers.map((p) =>
      h(
        'li',
        {
          class: idle(p) ? 'peer idle' : 'peer',
          title: idle(p) ? `${p.name} (idle)` : p.name,
          'data-client-id': p.clientId,
        },
        h(
          'span',
          { class: 'avatar', style: `background:${p.color}`, 'aria-hidden': 'true' },
          initials(p.name),
        ),
        h('span', { class: 'peer-name' }, p.name),
      ),
    );
    this.peersEl.replaceChildren(...items);
    this.peersEl.dataset.count = String(peers.length);
    this.peersEl.setAttribute(
      'aria-label',
      peers.length === 0
        ? 'Only you are here'
        : `Also here: ${peers.map((p) => (idle(p) ? `${p.name} (idle)` : p.name)).join(', ')}`,
    );
  }

  /** A peer moved its cursor or typed (its presence came): it is active, not idle. */
  private onPresence(p: PeerView): void {
    this.lastSeen.set(p.clientId, Date.now());
    this.binding.showPeer(p);
    this.onPeers(this.peers);
  }

  private updateMe(): void {
    this.meButton.title = `You are ${this.name}. Change your name`;
    // The button shows only the initials: its name starts with them, or a speech-input user who
    // says what they see ("click GH") finds nothing (WCAG 2.5.3, axe label-content-name-mismatch;
    // axe drops a parenthetical, so "(GH)" would not do).
    this.meButton.setAttribute(
      'aria-label',
      `${initials(this.name)}: you are ${this.name}. Change your name`,
    );
    this.meButton.replaceChildren(
      h(
        'span',
        {
          class: 'avatar me-avatar',
          'aria-hidden': 'true',
          style: this.color === undefined ? undefined : `background:${this.color}`,
        },
        initials(this.name),
      ),
    );
  }

  private toggleHistory(open: boolean): void {
    const button = document.getElementById('history-toggle');
    button?.setAttribute('aria-expanded', String(open));
    // The selected version takes the editor's place while the history is open.
    document.getElementById('workspace')?.classList.toggle('history-open', open);
    if (open) this.history.open();
    else {
      this.history.hide();
      this.view.focus();
    }
  }

  private async copyLink(): Promise<void> {
    const url = `${location.origin}/d/${encodeURIComponent(this.docId)}`;
    try {
      await navigator.clipboard.writeText(url);
      toast(
        this.auth.link.kind === 'token'
          ? 'Link copied — it opens for people who have their own access.'
          : 'Link copied — send it to someone to edit together.',
      );
    } catch {
      window.prompt('Copy this link:', url);
    }
  }

  private filename(): string {
    return /\.[A-Za-z0-9]{1,8}$/.test(this.docId) ? this.docId : `${this.docId}.txt`;
  }

  /**
   * Keeps the unacknowledged edits in the browser's storage, or forgets them once all are
   * acknowledged, so that a crash of the tab or the browser never loses them (PendingStore).
   */
  private savePending(): void {
    const saved = this.connection.saved();
    if (this.savedSession !== undefined && this.savedSession !== saved?.session) {
      this.pending.remove(this.savedSession);
      this.savedSession = undefined;
    }
    if (saved === undefined) {
      this.savedOk = false;
      return;
    }
    this.savedOk = this.pending.write(saved);
    if (this.savedOk) this.savedSession = saved.session;
  }

  private onLeave(): void {
    if (this.ended) return; // the sign-in page already kept the text
    const resumable = this.connection.resumable;
    if (resumable) this.sessions.release(this.docId, resumable);
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    this.savePending();
    // Kept for the next page to resend (PendingStore); the draft only when storage refused that.
    if (this.connection.status.pending > 0 && !this.savedOk)
      saveDraft(
        this.docId,
        this.view.state.doc.toString(),
        'The page was closed before all edits reached the server.',
      );
  }

  private onTrouble(t: Trouble): void {
    if (t.pending === 0) {
      toast(`Server: ${t.message}`);
      return;
    }
    saveDraft(this.docId, t.unsent, t.message);
    const n = `${t.pending} ${t.pending === 1 ? 'edit' : 'edits'}`;
    const plain = SIZE_REFUSALS[t.code];
    if (t.code === 'history-compacted') {
      // The merge view of issue 11: the document as it is now in the editor, the user's text
      // beside it in the banner, "Put my text back" (copy my text) or "Discard" (keep the document's).
      this.showDraftBanner(
        `You were away longer than this server keeps its edit history, so your last ${n} could not be merged into the document. The editor shows the document as it is now; your text is kept in this browser: compare, then put it back or discard it.`,
        { text: t.unsent, saved: new Date().toISOString(), reason: t.message },
        true,
        true,
      );
      return;
    }
    this.showDraftBanner(
      plain !== undefined
        ? `${plain} The document was reloaded from the server; your text from that moment is kept in this browser.`
        : `The server could not accept your last ${n} (${t.code}). The document was reloaded from the server; your text from that moment is kept in this browser.`,
      { text: t.unsent, saved: new Date().toISOString(), reason: t.message },
      true,
    );
  }

  /** The server refused one edit for its size: it was taken out; say so plainly, keep the text. */
  private onRefused(t: Trouble): void {
    const sentence = SIZE_REFUSALS[t.code] ?? SIZE_REFUSALS['message-too-large']!;
    saveDraft(this.docId, t.unsent, t.message);
    this.showDraftBanner(
      `${sentence} Your text with that edit is kept in this browser.`,
      { text: t.unsent, saved: new Date().toISOString(), reason: t.message },
      true,
    );
  }

  private onDeleted(t: Trouble): void {
    saveDraft(this.docId, t.unsent, 'The document was deleted on the server.');
    this.view.dispatch({ effects: this.editable.reconfigure(editorMode('stopped')) });
    this.banners.showDeleted(t.unsent);
  }

  /** After the first join: a draft kept from an earlier visit that never reached the server. */
  private offerKeptDraft(): void {
    const draft = loadDraft(this.docId);
    if (!draft) return;
    if (draft.text === this.view.state.doc.toString()) {
      clearDraft(this.docId);
      return;
    }
    this.showDraftBanner(
      `You have text from ${relativeTime(draft.saved)} that did not reach the server (${draft.reason})`,
      draft,
      false,
    );
  }

  private showDraftBanner(message: string, draft: Draft, alert: boolean, beside = false): void {
    // Put back would turn a comment role's draft into one big suggestion: it may only copy it.
    const readOnly = this.role === 'read' || this.role === 'comment';
    this.banners.showDraft(message, draft, alert, readOnly, beside);
  }

  get peerCount(): number {
    return this.peers.length;
  }
}

/**
 * `?window=N` (1 to 32): how many ops this page keeps in flight (decisions 039, 046; the default
 * is 4, `?window=1` is ot.js: one op in flight). Anything else leaves the default.
 */
function windowFromQuery(search: string): { window?: number } {
  const n = Number(new URLSearchParams(search).get('window') ?? '');
  return Number.isInteger(n) && n >= 1 && n <= 32 ? { window: n } : {};
}
