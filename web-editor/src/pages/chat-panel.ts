import { CHAT_MAX_LENGTH, type ChatMessage, type Role } from 'quire-client';
import { h, relativeTime } from './dom';

/** What the panel asks of the connection. */
export interface ChatActions {
  /** Sends a message; false when not connected. */
  sendChat(text: string): boolean;
  /** Asks for the page before the oldest message shown. */
  loadOlderChat(): void;
}

/** How close to the top (px) the log must be scrolled to fetch the older page. */
const OLDER_AT_PX = 40;
/** How close to the bottom (px) counts as "reading the newest": new messages then scroll in. */
const STICK_PX = 60;

/**
 * The chat panel of a document (issue 17): messages live for everyone in the document, the
 * newest 100 on join and older ones when scrolled to the top (or "Older messages"), names and
 * colours as in presence. Every text is set with `textContent`, never as HTML: a message is
 * plain text whatever it contains. Opened and closed with the header's Chat button; Escape
 * closes it and gives the focus back to that button.
 */
export class ChatPanel {
  readonly element = h('aside', { class: 'chat', id: 'chat', 'aria-label': 'Chat', hidden: true });
  readonly toggle = h(
    'button',
    {
      class: 'btn',
      type: 'button',
      id: 'chat-toggle',
      'aria-expanded': 'false',
      'aria-controls': 'chat',
    },
    'Chat',
  );
  /** The scrolling region (a live log); the messages are a list inside it. */
  private readonly log = h('div', {
    class: 'chat-log',
    id: 'chat-log',
    role: 'log',
    'aria-label': 'Chat messages',
    tabindex: '0',
  });
  private readonly list = h('ol', { class: 'chat-list' });
  private readonly older = h(
    'button',
    { class: 'btn small', type: 'button', id: 'chat-older', hidden: true },
    'Older messages',
  );
  private readonly input = h('textarea', {
    class: 'chat-input',
    id: 'chat-input',
    rows: '2',
    maxlength: String(CHAT_MAX_LENGTH),
    'aria-label': 'Chat message',
    placeholder: 'Message everyone here',
  });
  private readonly send = h(
    'button',
    { class: 'btn primary', type: 'submit', id: 'chat-send' },
    'Send',
  );
  private readonly note = h('p', { class: 'chat-note', id: 'chat-note', role: 'status' });
  private shown = new Map<number, HTMLLIElement>();
  private unread = 0;
  /** The newest id shown; undefined before the first page (which is not "new"). */
  private newestId: number | undefined;

  constructor(private readonly actions: ChatActions) {
    this.toggle.addEventListener('click', () => this.setOpen(!this.isOpen));
    this.older.addEventListener('click', () => this.actions.loadOlderChat());
    this.log.append(this.list);
    this.log.addEventListener('scroll', () => {
      if (this.log.scrollTop < OLDER_AT_PX && !this.older.hidden) this.actions.loadOlderChat();
    });
    const form = h('form', { class: 'chat-form' }, this.input, this.send);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.submit();
    });
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.submit();
      }
    });
    this.element.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        this.setOpen(false);
        this.toggle.focus();
      }
    });
    const close = h(
      'button',
      { class: 'btn icon', type: 'button', id: 'chat-close', 'aria-label': 'Close chat' },
      '×',
    );
    close.addEventListener('click', () => {
      this.setOpen(false);
      this.toggle.focus();
    });
    this.element.append(
      h('div', { class: 'chat-head' }, h('h2', {}, 'Chat'), close),
      this.older,
      this.log,
      this.note,
      form,
    );
  }

  get isOpen(): boolean {
    return !this.element.hidden;
  }

  setOpen(open: boolean): void {
    this.element.hidden = !open;
    this.toggle.setAttribute('aria-expanded', String(open));
    if (open) {
      this.unread = 0;
      this.updateToggle();
      this.log.scrollTop = this.log.scrollHeight;
      this.input.focus();
    }
  }

  /** `read` may read the chat but not write in it (sending needs `comment`). */
  setRole(role: Role): void {
    const mute = role === 'read';
    this.input.disabled = mute;
    this.send.disabled = mute;
    this.input.placeholder = mute ? 'Read-only: you can follow the chat' : 'Message everyone here';
  }

  /** The connection's messages, oldest first, and whether older ones exist. */
  update(messages: readonly ChatMessage[], more: boolean): void {
    const atBottom = this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < STICK_PX;
    const heightBefore = this.log.scrollHeight;
    const firstBefore = this.list.firstElementChild;
    const next = new Map<number, HTMLLIElement>();
    let fresh = 0;
    for (const m of messages) {
      next.set(m.id, this.shown.get(m.id) ?? this.render(m));
      if (this.newestId !== undefined && m.id > this.newestId) fresh++;
    }
    const newer = messages.length > 0 && !this.shown.has(messages[messages.length - 1].id);
    if (messages.length > 0) this.newestId = messages[messages.length - 1].id;
    else this.newestId ??= 0;
    this.list.replaceChildren(...next.values());
    this.shown = next;
    this.older.hidden = !more;
    if (firstBefore && this.list.firstElementChild !== firstBefore && !newer) {
      // An older page went in above: keep the messages being read where they were.
      this.log.scrollTop += this.log.scrollHeight - heightBefore;
    } else if (atBottom || !this.isOpen) {
      this.log.scrollTop = this.log.scrollHeight;
    }
    if (fresh > 0 && !this.isOpen) {
      this.unread = Math.min(this.unread + fresh, 99);
      this.updateToggle();
    }
  }

  /** The server refused a message of ours: say why (the draft is kept to fix or resend). */
  refused(code: string, retryAfterMs: number | undefined): void {
    const why: Record<string, string> = {
      'chat-empty': 'Write something first.',
      'chat-too-long': `Messages are at most ${CHAT_MAX_LENGTH} characters.`,
      'rate-limited': `Too many messages at once: wait ${Math.ceil((retryAfterMs ?? 2000) / 1000)} s.`,
    };
    this.note.textContent = why[code] ?? code;
  }

  private submit(): void {
    const text = this.input.value;
    if (text.trim() === '') return;
    if (this.actions.sendChat(text)) {
      this.input.value = '';
      this.note.textContent = '';
    } else {
      this.note.textContent = 'Not connected: your message is kept here.';
    }
  }

  private render(m: ChatMessage): HTMLLIElement {
    const dot = h('span', { class: 'chat-dot', 'aria-hidden': 'true' });
    dot.style.background = /^#[0-9a-fA-F]{6}$/.test(m.color) ? m.color : 'var(--muted)';
    const author = h('span', { class: 'chat-author' });
    author.textContent = m.author;
    const time = h('time', { class: 'chat-time', datetime: m.time });
    time.textContent = relativeTime(m.time);
    time.title = new Date(m.time).toLocaleString();
    const text = h('p', { class: 'chat-text' });
    text.textContent = m.text;
    return h(
      'li',
      { class: 'chat-message', 'data-id': String(m.id) },
      h('div', { class: 'chat-meta' }, dot, author, time),
      text,
    );
  }

  private updateToggle(): void {
    this.toggle.textContent = this.unread > 0 ? `Chat (${this.unread})` : 'Chat';
    this.toggle.setAttribute('aria-label', this.unread > 0 ? `Chat, ${this.unread} new` : 'Chat');
  }
}
