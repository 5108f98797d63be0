import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRESENCE_PALETTE, UNKNOWN_AUTHOR_COLOR } from '../../src/pages/author-colors';

/**
 * The authorship tint (`chrome.css` `.author-mark`: `color-mix(in srgb, colour --author-tint,
 * transparent)` over the editor) keeps the text over it readable: WCAG 2 contrast of body text,
 * links and inline code over the tint of every author colour, on the editor and its active line,
 * in each theme, with the colours and the tint read from the style sheets (decision 041).
 */
const css = (file: string) => readFileSync(join(__dirname, '../../src', file), 'utf8');
const styles = css('styles.css');
const theme = css('look/theme.css');

/** The declarations of the first rule whose selector is exactly `selector`. */
function rule(sheet: string, selector: string): string {
  const at = sheet.indexOf(`${selector} {`);
  if (at < 0) throw new Error(`no rule ${selector}`);
  return sheet.slice(at, sheet.indexOf('}', at));
}

function value(declarations: string, property: string): string {
  const m = declarations.match(new RegExp(`(?:^|[\\s;{])${property}:\\s*([^;]+);`));
  if (m === null) throw new Error(`no ${property} in ${declarations}`);
  return m[1]!.trim();
}

type Rgb = [number, number, number];
const rgb = (hex: string): Rgb => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as Rgb;
const channel = (c: number) => {
  const s = c / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
};
const luminance = ([r, g, b]: Rgb) =>
  0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
const contrast = (a: Rgb, b: Rgb) => {
  const [x, y] = [luminance(a), luminance(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
};
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
