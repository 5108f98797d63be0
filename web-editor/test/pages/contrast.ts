import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What the colour tests read from the style sheets and compute of them: WCAG 2 relative luminance
 * and contrast (sRGB), and the declarations of a rule (`author-tint.test.ts`,
 * `suggestion-colors.test.ts`; decision 041).
 */

/** The text of a style sheet under `src`. */
export const css = (file: string) => readFileSync(join(__dirname, '../../src', file), 'utf8');

/** The declarations of the first rule whose selector is, or ends with, `selector`. */
export function rule(sheet: string, selector: string): string {
  const at = sheet.indexOf(`${selector} {`);
  if (at < 0) throw new Error(`no rule ${selector}`);
  return sheet.slice(at, sheet.indexOf('}', at));
}

/** The value of `property` among `declarations`. */
export function value(declarations: string, property: string): string {
  const m = declarations.match(new RegExp(`(?:^|[\\s;{])${property}:\\s*([^;]+);`));
  if (m === null) throw new Error(`no ${property} in ${declarations}`);
  return m[1]!.trim();
}

export type Rgb = [number, number, number];

const NAMED: Record<string, string> = { black: '#000000', white: '#ffffff' };

/** A `#rrggbb` colour, or `black` or `white`, as its channels. */
export const rgb = (c: string): Rgb => {
  const hex = NAMED[c] ?? c;
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as Rgb;
};

const channel = (c: number) => {
  const s = c / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
};

const luminance = ([r, g, b]: Rgb) =>
  0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);

/** The WCAG 2 contrast ratio of two colours. */
export const contrast = (a: Rgb, b: Rgb) => {
  const [x, y] = [luminance(a), luminance(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
};
