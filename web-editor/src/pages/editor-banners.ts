import type { ConnectionStatus } from 'quire-client';
import { download, h, toast } from './dom';
import type { Draft } from './prefs';

/** What the banners need from the page. */
export interface BannerHost {
  /** The file name a download of the text gets. */
  filename(): string;
  retryNow(): void;
  /** Puts kept text back into the document as the user's own, undoable edit. */
  putBack(text: string): void;
  forgetDraft(): void;
}

/**
 * The strip of banners under the header: offline or reconnecting (with the number of edits
 * waiting and "Retry now"), kept text that did not reach the server (put back, download,
 * discard), and a deleted document (download, copy, start again).
 */
export class EditorBanners {
  readonly element = h('div', { class: 'banners', id: 'banners' });

  constructor(private readonly host: BannerHost) {}

  /** Offline or reconnecting, with the number of edits waiting and "Retry now": impossible to miss. */
  showConnection(s: ConnectionStatus, loaded: boolean): void {
    const away = loaded && (s.state === 'offline' || s.state === 'reconnecting');
    let banner = this.element.querySelector<HTMLElement>('#offline-banner');
    if (!away) {
      banner?.remove();
      return;
    }
    if (banner === null) {
      banner = h(
        'div',
        { class: 'banner warning', role: 'status', id: 'offline-banner' },
        h(
          'p',
          {},
          h('strong', { id: 'offline-title' }, ''),
          ' ',
          h('span', { id: 'offline-waiting' }, ''),
        ),
        h(
          'div',
          { class: 'banner-actions' },
          h(
            'button',
            {
              class: 'btn',
              type: 'button',
              id: 'retry-now',
              onclick: () => this.host.retryNow(),
            },
            'Retry now',
          ),
        ),
      );
      this.element.prepend(banner);
    }
    const title =
      s.state === 'offline' ? 'You are offline.' : 'The connection to the server is lost.';
    const waiting =
      s.pending === 0
        ? 'Keep typing: your edits will be sent when it is back.'
        : `${s.pending} ${s.pending === 1 ? 'edit is' : 'edits are'} waiting, kept in this browser, and will be sent when it is back.`;
    banner.querySelector('#offline-title')!.textContent = title;
    banner.querySelector('#offline-waiting')!.textContent = waiting;
    banner.dataset.pending = String(s.pending);
  }

  /** The document was deleted on the server; `unsent` is the user's text, kept. */
  showDeleted(unsent: string): void {
    const banner = h(
      'div',
      { class: 'banner danger', role: 'alert', id: 'deleted-banner' },
      h(
        'p',
        {},
        h('strong', {}, 'This document was deleted. '),
        'Your text is kept in this browser, so nothing is lost.',
      ),
      h(
        'div',
        { class: 'banner-actions' },
        h(
          'button',
          { class: 'btn', type: 'button', onclick: () => download(this.host.filename(), unsent) },
          'Download my text',
        ),
        h(
          'button',
          {
            class: 'btn',
            type: 'button',
            onclick: () => void navigator.clipboard.writeText(unsent).then(() => toast('Copied.')),
          },
          'Copy my text',
        ),
        h(
          'button',
          { class: 'btn primary', type: 'button', onclick: () => location.reload() },
          'Start it again with my text',
        ),
      ),
    );
    this.element.append(banner);
  }

  /** Kept text: put it back (unless `readOnly`), download it, or discard it. */
  /**
   * Offers kept text back; `beside` also shows it, with a copy button (a rejoin that could not
   * merge it, decision 029).
   */
  showDraft(
    message: string,
    draft: Draft,
    alert: boolean,
    readOnly: boolean,
    beside = false,
  ): void {
    this.element.querySelector('.draft-banner')?.remove();
    const banner = h(
      'div',
      {
        class: 'banner warning draft-banner',
        role: alert ? 'alert' : 'status',
        id: 'draft-banner',
      },
      h('p', {}, message),
      beside
        ? h(
            'details',
            { open: true },
            h('summary', {}, 'Your text'),
            h('pre', { class: 'draft-text', id: 'draft-text' }, draft.text),
          )
        : null,
      h(
        'div',
        { class: 'banner-actions' },
        readOnly
          ? null
          : h(
              'button',
              {
                class: 'btn primary',
                type: 'button',
                id: 'draft-restore',
                onclick: () => {
                  this.host.putBack(draft.text);
                  this.host.forgetDraft();
                  banner.remove();
                  toast('Your text is back. Undo with Ctrl+Z.');
                },
              },
              'Put my text back',
            ),
        beside
          ? h(
              'button',
              {
                class: 'btn',
                type: 'button',
                id: 'draft-copy',
                onclick: () =>
                  void navigator.clipboard.writeText(draft.text).then(() => toast('Copied.')),
              },
              'Copy my text',
            )
          : null,
        h(
          'button',
          {
            class: 'btn',
            type: 'button',
            onclick: () => download(this.host.filename(), draft.text),
          },
          'Download it',
        ),
        h(
          'button',
          {
            class: 'btn',
            type: 'button',
            onclick: () => {
              this.host.forgetDraft();
              banner.remove();
            },
          },
          'Discard',
        ),
      ),
    );
    this.element.append(banner);
  }

  /** Read-only now: kept text can no longer be put back. */
  dropPutBack(): void {
    this.element.querySelector('#draft-restore')?.remove();
  }
}
