import { describe, expect, it } from 'vitest';
import { css, contrast, rgb, rule, value, type Rgb } from './contrast';
import { PRESENCE_PALETTE } from '../../src/pages/author-colors';

/**
 * Proposed text (suggestions, issue 17) is written in its author's colour of the presence palette,
 * mixed with black on the light theme and with white on the dark one (`styles.css`, `theme.css`):
 * WCAG 2 contrast of the text for every colour of the palette on every surface it can stand on,
 * with the mixes and the surfaces read from the style sheets.
 */
const styles = css('styles.css');
const theme = css('look/theme.css');

/** `color-mix(in srgb, var(--peer) P%, C)` of the rule, as [P / 100, C]. */
function mix(declarations: string): [number, Rgb] {
  const m = value(declarations, 'color').match(
    /^color-mix\(in srgb, var\(--peer\) (\d+)%, (\w+|#[0-9a-f]{6})\)$/,
  );
  if (m === null) throw new Error(`not a mix of --peer: ${declarations}`);
  return [parseInt(m[1]!, 10) / 100, rgb(m[2]!)];
}

/** The least contrast of every palette colour, mixed as the rule says, on every surface. */
function least(declarations: string, backs: string[]): string {
  const [p, other] = mix(declarations);
  let min = Infinity;
  for (const colour of PRESENCE_PALETTE)
    for (const back of backs) {
      const c = rgb(colour).map((v, i) => v * p + other[i]! * (1 - p)) as Rgb;
      min = Math.min(min, contrast(c, rgb(back)));
    }
  return min.toFixed(2);
}

const light = rule(theme, ':root');
const dark = rule(theme, ":root[data-theme='dark']");

describe('proposed text in its author colour', () => {
  it('is at least 4.5:1 on the light surfaces (the editor, its active line, the accent)', () => {
    const backs = [
      value(rule(styles, ':root'), '--panel'),
      value(rule(styles, '.editor .cm-activeLine'), 'background'),
      value(light, '--surface-accent'),
    ];
    expect(backs).toEqual(['#ffffff', '#f8f9ff', '#eef2ff']);
    expect(least(rule(styles, '.cm-editor .cm-suggest-ins'), backs)).toBe('4.87');
    expect(styles).toContain('.suggestion-text ins,\n.cm-editor .cm-suggest-ins {');
  });

  it('is at least 4.5:1 on the dark surfaces', () => {
    const backs = [
      value(dark, '--panel'),
      value(dark, '--bg'),
      value(dark, '--surface-2'),
      value(dark, '--surface-accent'),
      value(rule(theme, ":root[data-theme='dark'] .editor .cm-activeLine"), 'background'),
    ];
    const mixed = rule(theme, ":root[data-theme='dark'] .cm-editor .cm-suggest-ins");
    expect(least(mixed, backs)).toBe('5.16');
    expect(theme).toContain(
      ":root[data-theme='dark'] .suggestion-text ins,\n:root[data-theme='dark'] .cm-editor .cm-suggest-ins {",
    );
  });

  it('unmixed, the palette would not be (so the mixes are needed)', () => {
    const backs = [value(rule(styles, '.editor .cm-activeLine'), 'background')];
    const plain = 'color: color-mix(in srgb, var(--peer) 100%, black);';
    expect(least(plain, backs)).toBe('4.34');
  });
});
