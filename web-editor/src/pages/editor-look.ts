import type { Extension } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import { markdownLook } from '../editor/markdown-style';
import { safeFragment } from '../markdown/sanitize';
import { h, toast } from './dom';
import { EXPORT_LABELS, exportDocument, type ExportFormat } from './export';
import { countCharacters, counted, countWords } from './format';
import { loadViewMode, MarkdownPreview, viewSwitch, type ViewMode } from './markdown-preview';
import { MoreMenu, type MenuItem } from './more-menu';
import { listenForQuestionMark, showShortcuts } from './shortcuts';
import { currentTheme, toggleTheme } from './theme';

/** Counting the words of a long document on every keystroke would slow typing. */
const COUNT_DELAY_MS = 250;

/**
 * What the editor page shows around the text (issue 12, look and feel): the Markdown preview and
 * split view, the word and character count, the "More" menu (export, dark mode, shortcuts,
 * and on phones the actions the header has no room for), the shortcut sheet. Created before the
 * editor (for its extensions), attached once the editor exists.
 */
export class EditorLook {
  readonly statusbar = h('footer', { class: 'statusbar' });
  readonly counts = h('p', { class: 'counts', id: 'counts' });
  readonly menu: MoreMenu;
  private view: EditorView | undefined;
  private preview: MarkdownPreview | undefined;
  private readonly switcher: ReturnType<typeof viewSwitch> | undefined;
  private readonly initialView: ViewMode;
  private countTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly docId: string,
    private readonly markdown: boolean,
    copyLink: () => void,
    /** Header toggles that phones show in "More" instead (issue 17: authors, chat). */
    phoneToggles: readonly MenuItem[] = [],
  ) {
    const views: MenuItem[] = markdown
      ? (['edit', 'preview'] as const).map((mode) => ({
          id: `menu-view-${mode}`,
          label: mode === 'edit' ? 'Show the text' : 'Show the preview',
          run: () => this.setView(mode),
          phoneOnly: true,
        }))
      : [];
    this.menu = new MoreMenu([
      {
        items: [
          ...views,
          { id: 'menu-copy-link', label: 'Copy link', run: copyLink, phoneOnly: true },
          ...phoneToggles,
        ],
      },
      {
        title: 'Download as',
        items: (['txt', 'md', 'html', 'pdf'] as const).map((f) => ({
          id: `export-${f}`,
          label: EXPORT_LABELS[f],
          run: () => this.export(f),
        })),
      },
      {
        items: [
          {
            id: 'theme-toggle',
            label: 'Dark mode',
            run: () => toggleTheme(),
            pressed: () => currentTheme() === 'dark',
          },
          { id: 'shortcuts-open', label: 'Keyboard shortcuts', run: () => showShortcuts(root) },
        ],
      },
    ]);
    this.initialView = markdown ? loadViewMode() : 'edit';
    this.switcher = markdown ? viewSwitch(this.initialView, (m) => this.setView(m)) : undefined;
    this.statusbar.append(this.counts);
    listenForQuestionMark(root);
  }

  /** The editor's extensions for this look: Markdown styling, counts, preview updates, Mod-?. */
  extensions(): Extension {
    return [
      this.markdown ? markdownLook() : [],
      EditorView.updateListener.of((u) => {
        if (!u.docChanged) return;
        this.preview?.changed();
        clearTimeout(this.countTimer);
        this.countTimer = setTimeout(() => this.updateCounts(), COUNT_DELAY_MS);
      }),
      keymap.of([{ key: 'Mod-?', run: () => (showShortcuts(this.root), true) }]),
    ];
  }

  /** The header's view switch (Markdown documents only). */
  get viewControl(): HTMLElement | null {
    return this.switcher?.element ?? null;
  }

  /** Called once the editor exists; `workspace` holds the editor and gets the preview. */
  attach(view: EditorView, workspace: HTMLElement): void {
    this.view = view;
    if (this.markdown) {
      this.preview = new MarkdownPreview(view, workspace);
      view.dom.parentElement!.after(this.preview.element);
      this.preview.setMode(this.initialView, false);
    } else {
      workspace.dataset.view = 'edit';
    }
    this.updateCounts();
  }

  /** For the browser tests (window.quire): the sanitiser's verdict on any HTML. */
  testHandle(): { sanitize: (html: string) => { html: string; removed: number } } {
    return {
      sanitize: (html) => {
        const { fragment, removed } = safeFragment(html);
        const holder = document.createElement('div');
        holder.append(fragment);
        return { html: holder.innerHTML, removed };
      },
    };
  }

  private setView(mode: ViewMode): void {
    this.preview?.setMode(mode, true);
    this.switcher?.update(mode);
  }

  private updateCounts(): void {
    const text = this.view?.state.doc.toString() ?? '';
    this.counts.textContent = `${counted(countWords(text), 'word')} · ${counted(countCharacters(text), 'character')}`;
  }

  private export(format: ExportFormat): void {
    const text = this.view?.state.doc.toString() ?? '';
    exportDocument(format, this.docId, text, this.markdown).catch((e: unknown) =>
      toast(`Could not export: ${e instanceof Error ? e.message : String(e)}`),
    );
  }
}
