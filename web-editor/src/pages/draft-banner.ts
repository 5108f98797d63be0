import { download, h, toast } from './dom';
import { clearDraft, type Draft } from './prefs';

export interface DraftBannerOptions {
  readonly message: string;
  readonly draft: Draft;
  /** Announced as an alert (text just lost) rather than a status (text from an earlier visit). */
  readonly alert: boolean;
  readonly docId: string;
  /** The file name "Download it" saves as. */
  readonly filename: string;
  /** A reader cannot put text back: the button is left out. */
  readonly readOnly: boolean;
  /** Replaces the document's text with `text` as the user's own, undoable edit. */
  putBack(text: string): void;
}

/**
 * The banner offering text kept in this browser that never reached the server: put it back
 * (an ordinary edit), download it, or discard it. Each choice but downloading removes the
 * banner; putting back and discarding forget the kept text.
 */
export function draftBanner(o: DraftBannerOptions): HTMLElement {
  const banner = h(
    'div',
    {
      class: 'banner warning draft-banner',
      role: o.alert ? 'alert' : 'status',
      id: 'draft-banner',
    },
    h('p', {}, o.message),
    h(
      'div',
      { class: 'banner-actions' },
      o.readOnly
        ? null
        : h(
            'button',
            {
              class: 'btn primary',
              type: 'button',
              id: 'draft-restore',
              onclick: () => {
                o.putBack(o.draft.text);
                clearDraft(o.docId);
                banner.remove();
                toast('Your text is back. Undo with Ctrl+Z.');
              },
            },
            'Put my text back',
          ),
      h(
        'button',
        { class: 'btn', type: 'button', onclick: () => download(o.filename, o.draft.text) },
        'Download it',
      ),
      h(
        'button',
        {
          class: 'btn',
          type: 'button',
          onclick: () => {
            clearDraft(o.docId);
            banner.remove();
          },
        },
        'Discard',
      ),
    ),
  );
  return banner;
}
