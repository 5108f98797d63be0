import { h } from './dom';

/** One entry of the "More" menu; `phoneOnly` entries repeat a header button hidden on phones. */
export interface MenuItem {
  readonly id: string;
  readonly label: string;
  readonly run: () => void;
  readonly phoneOnly?: boolean;
  /** A toggle: its state is read each time the menu opens (aria-pressed). */
  readonly pressed?: () => boolean;
}

export interface MenuSection {
  readonly title?: string;
  readonly items: readonly MenuItem[];
}

/**
 * The header's secondary actions behind one "More" button (a disclosure, not an ARIA menu: a
 * list of ordinary buttons, reached with Tab). Escape or a click elsewhere closes it and gives
 * the focus back to the button; choosing an item closes it too.
 */
export class MoreMenu {
  readonly button = h(
    'button',
    {
      class: 'btn icon more-button',
      type: 'button',
      id: 'more',
      'aria-expanded': 'false',
      'aria-controls': 'more-menu',
      'aria-label': 'More actions',
      title: 'More actions',
    },
    h('span', { 'aria-hidden': 'true' }, '⋯'),
  );
  readonly panel = h('div', { class: 'more-menu', id: 'more-menu', hidden: true });
  readonly element = h('div', { class: 'more-wrap' }, this.button, this.panel);
  private readonly toggles: { el: HTMLButtonElement; pressed: () => boolean }[] = [];

  constructor(sections: readonly MenuSection[]) {
    for (const s of sections) {
      const group = h('div', { class: 'menu-section', role: 'group' });
      if (s.title !== undefined) {
        const id = `menu-${s.title.toLowerCase().replace(/\W+/g, '-')}`;
        group.setAttribute('aria-labelledby', id);
        group.append(h('p', { class: 'menu-title', id }, s.title));
      }
      for (const item of s.items) {
        const el = h(
          'button',
          {
            type: 'button',
            class: item.phoneOnly ? 'menu-item phone-only' : 'menu-item',
            id: item.id,
          },
          item.label,
        );
        el.addEventListener('click', () => {
          this.close(false);
          item.run();
        });
        if (item.pressed) this.toggles.push({ el, pressed: item.pressed });
        group.append(el);
      }
      this.panel.append(group);
    }
    this.button.addEventListener('click', () =>
      this.panel.hidden ? this.open() : this.close(true),
    );
    this.element.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && !this.panel.hidden) {
        e.stopPropagation();
        this.close(true);
      }
    });
    document.addEventListener('pointerdown', (e) => {
      if (!this.panel.hidden && !this.element.contains(e.target as Node)) this.close(false);
    });
  }

  open(): void {
    for (const t of this.toggles) t.el.setAttribute('aria-pressed', String(t.pressed()));
    this.panel.hidden = false;
    this.button.setAttribute('aria-expanded', 'true');
    // The first item shown at this width (phone-only items are not displayed on a wide screen).
    [...this.panel.querySelectorAll<HTMLElement>('.menu-item')]
      .find((e) => e.offsetParent !== null)
      ?.focus();
  }

  close(focusButton: boolean): void {
    this.panel.hidden = true;
    this.button.setAttribute('aria-expanded', 'false');
    if (focusButton) this.button.focus();
  }
}
