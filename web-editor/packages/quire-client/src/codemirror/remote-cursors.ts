import { StateEffect, StateField, type Extension, type Range } from '@codemirror/state';
import { Decoration, EditorView, WidgetType, type DecorationSet } from '@codemirror/view';

/** A peer's selection, in the coordinates of the text currently in the editor. */
export interface RemoteSelection {
  readonly clientId: string;
  readonly name: string;
  readonly color: string;
  readonly ranges: readonly { readonly anchor: number; readonly head: number }[];
}

/** Replace every remote selection (after a join). */
export const setRemoteSelections = StateEffect.define<readonly RemoteSelection[]>();
/** Add or move one peer's selection. */
export const putRemoteSelection = StateEffect.define<RemoteSelection>();

class CursorWidget extends WidgetType {
  constructor(
    readonly clientId: string,
    readonly name: string,
    readonly color: string,
  ) {
    super();
  }

  override eq(other: CursorWidget): boolean {
    return (
      other.clientId === this.clientId && other.name === this.name && other.color === this.color
    );
  }

  toDOM(): HTMLElement {
    const caret = document.createElement('span');
    caret.className = 'cm-remote-caret';
    // The caret and its flag take the peer's colour from --peer, so a page theme can lighten
    // them on a dark background (the label keeps the colour: it carries white text).
    caret.style.setProperty('--peer', this.color);
    caret.dataset.clientId = this.clientId;
    caret.setAttribute('aria-hidden', 'true');
    // The hover target: a small flag in the peer's colour at the top of the caret.
    const flag = document.createElement('span');
    flag.className = 'cm-remote-flag';
    caret.appendChild(flag);
    const label = document.createElement('span');
    label.className = 'cm-remote-label';
    label.style.backgroundColor = this.color;
    label.textContent = this.name;
    caret.appendChild(label);
    return caret;
  }

  override ignoreEvent(): boolean {
    return true;
  }
}

/**
 * Peers' selections. Between presence messages they move with every change (local or remote)
 * like OT's `transformPosition`: an insert exactly at a cursor lands before it (assoc 1).
 */
const remoteField = StateField.define<readonly RemoteSelection[]>({
  create: () => [],
  update(value, tr) {
    let next = value;
    if (tr.docChanged) {
      next = next.map((p) => ({
        ...p,
        ranges: p.ranges.map((r) => ({
          anchor: tr.changes.mapPos(r.anchor, 1),
          head: tr.changes.mapPos(r.head, 1),
        })),
      }));
    }
    for (const e of tr.effects) {
      if (e.is(setRemoteSelections)) next = e.value;
      else if (e.is(putRemoteSelection))
        next = [...next.filter((p) => p.clientId !== e.value.clientId), e.value];
    }
    const len = tr.newDoc.length;
    return next.map((p) => ({
      ...p,
      ranges: p.ranges.map((r) => ({ anchor: clamp(r.anchor, len), head: clamp(r.head, len) })),
    }));
  },
  provide: (field) =>
    EditorView.decorations.from(field, (peers): DecorationSet => {
      const decos: Range<Decoration>[] = [];
      for (const p of peers) {
        for (const r of p.ranges) {
          const from = Math.min(r.anchor, r.head);
          const to = Math.max(r.anchor, r.head);
          if (from < to) {
            decos.push(
              Decoration.mark({
                class: 'cm-remote-selection',
                attributes: { style: `background-color: ${p.color}33` },
              }).range(from, to),
            );
          }
          decos.push(
            Decoration.widget({
              widget: new CursorWidget(p.clientId, p.name, p.color),
              side: 1,
            }).range(r.head),
          );
        }
      }
      return Decoration.set(decos, true);
    }),
});

function clamp(pos: number, len: number): number {
  return Math.max(0, Math.min(pos, len));
}

const remoteTheme = EditorView.baseTheme({
  '.cm-remote-caret': {
    position: 'relative',
    borderLeft: '2px solid',
    borderLeftColor: 'var(--peer)',
    marginLeft: '-1px',
    marginRight: '-1px',
    pointerEvents: 'none',
  },
  '.cm-remote-label': {
    position: 'absolute',
    left: '-2px',
    bottom: '100%',
    color: '#fff',
    fontSize: '11px',
    lineHeight: '15px',
    fontFamily: 'system-ui, sans-serif',
    fontWeight: '600',
    padding: '0 4px',
    borderRadius: '3px 3px 3px 0',
    whiteSpace: 'nowrap',
    zIndex: '10',
    userSelect: 'none',
  },
  '.cm-remote-flag': {
    position: 'absolute',
    left: '-3px',
    top: '-2px',
    width: '6px',
    height: '6px',
    borderRadius: '1px',
    backgroundColor: 'var(--peer)',
    pointerEvents: 'auto',
  },
});

/**
 * Name labels shown on hover only: hidden until the pointer rests on a caret's flag for a
 * moment, so a label never covers the text of the line above while people type.
 */
const hoverLabels = EditorView.baseTheme({
  '.cm-remote-label': {
    opacity: '0',
    visibility: 'hidden',
    transition: 'opacity 0.15s, visibility 0s linear 0.15s',
  },
  '.cm-remote-caret:hover .cm-remote-label': {
    opacity: '1',
    visibility: 'visible',
    transition: 'opacity 0.15s 0.3s, visibility 0s linear 0.3s',
  },
});

/** Options of {@link remoteCursors}. */
export interface RemoteCursorOptions {
  /**
   * `hover` (the default): a peer's name shows when the pointer rests on its caret's flag, so
   * labels never hide text; `always`: the name is always shown above the caret.
   */
  readonly labels?: 'hover' | 'always';
}

/** The extension that draws peers' cursors and selections with name labels. */
export function remoteCursors(options: RemoteCursorOptions = {}): Extension {
  return [remoteField, remoteTheme, options.labels === 'always' ? [] : hoverLabels];
}
