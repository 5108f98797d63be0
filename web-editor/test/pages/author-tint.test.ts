import { describe, expect, it } from 'vitest';
import { css, contrast, rgb, rule, value, type Rgb } from './contrast';
import { PRESENCE_PALETTE, UNKNOWN_AUTHOR_COLOR } from '../../src/pages/author-colors';

/**
 * The authorship tint (`chrome.css` `.author-mark`: `color-mix(in srgb, colour --author-tint,
 * transparent)` over the editor) keeps the text over it readable: WCAG 2 contrast of body text,
 * links and inline code over the tint of every author colour, on the editor and its active line,
 * in each theme, with the colours and the tint read from the style sheets (decision 041).
 */
const styles = css('styles.css');
const theme = css('look/theme.css');

/** `colour` at `alpha` over the opaque `back`, composited in sRGB as the browser does. */
const over = (colour: Rgb, alpha: number, back: Rgb): Rgb =>
  colour.map((c, i) => c * alpha + back[i]! * (1 - alpha)) as Rgb;

const light = rule(theme, ':root');
const dark = rule(theme, ":root[data-theme='dark']");
const themes = {
  light: {
    tint: value(light, '--author-tint'),
    backs: [
      value(rule(styles, ':root'), '--panel'),
      value(rule(styles, '.editor .cm-activeLine'), 'background'),
    ],
    texts: {
      body: value(rule(styles, ':root'), '--ink'),
      link: value(light, '--md-link'),
      code: value(light, '--md-code'),
    },
  },
  dark: {
    tint: value(dark, '--author-tint'),
    backs: [
      value(dark, '--panel'),
      value(rule(theme, ":root[data-theme='dark'] .editor .cm-activeLine"), 'background'),
    ],
    texts: {
      body: value(dark, '--ink'),
      link: value(dark, '--md-link'),
      code: value(dark, '--md-code'),
    },
  },
};

/** The least contrast of each text colour over the tint of every author colour, on every back. */
function least(t: (typeof themes)['light']): Record<string, string> {
  const alpha = parseFloat(t.tint) / 100;
  const out: Record<string, string> = {};
  for (const [name, text] of Object.entries(t.texts)) {
    let min = Infinity;
    for (const back of t.backs)
      for (const colour of [...PRESENCE_PALETTE, UNKNOWN_AUTHOR_COLOR])
        min = Math.min(min, contrast(rgb(text), over(rgb(colour), alpha, rgb(back))));
    out[name] = min.toFixed(2);
  }
  return out;
}

describe('the authorship tint', () => {
  it('keeps body text, links and code at 4.5:1 or more on the light theme', () => {
    expect(themes.light.tint).toBe('14%');
    expect(themes.light.backs).toEqual(['#ffffff', '#f8f9ff']);
    expect(least(themes.light)).toEqual({ body: '10.99', link: '5.65', code: '4.60' });
  });

  it('keeps body text, links and code at 4.5:1 or more on the dark theme', () => {
    expect(themes.dark.tint).toBe('22%');
    expect(themes.dark.backs).toEqual(['#181b23', '#1d2130']);
    expect(least(themes.dark)).toEqual({ body: '8.79', link: '5.47', code: '5.61' });
  });

  it('would not at the old 22 % on the light theme (inline code over navy)', () => {
    expect(least({ ...themes.light, tint: '22%' })).toEqual({
      body: '9.06',
      link: '4.66',
      code: '3.79',
    });
  });
});
