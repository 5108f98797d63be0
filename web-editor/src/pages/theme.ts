/**
 * Light or dark: the system's `prefers-color-scheme` until the person chooses with the toggle;
 * the choice is remembered in this browser. The resolved theme is `data-theme` on `<html>`
 * (one selector for the stylesheets, theme.css) and the `color-scheme` of the page, so that
 * scroll bars and form controls follow too.
 */

import { h } from './dom';

const THEME_KEY = 'quire.theme';
export type Theme = 'light' | 'dark';

const system = (): MediaQueryList => window.matchMedia('(prefers-color-scheme: dark)');

/** The remembered choice, if the person made one. */
function chosen(): Theme | undefined {
  const v = localStorage.getItem(THEME_KEY);
  return v === 'light' || v === 'dark' ? v : undefined;
}

export function currentTheme(): Theme {
  return chosen() ?? (system().matches ? 'dark' : 'light');
}

function apply(): void {
  const theme = currentTheme();
  document.documentElement.dataset.theme = theme;
  document.documentElement.style.colorScheme = theme;
  for (const l of listeners) l(theme);
}

const listeners: ((theme: Theme) => void)[] = [];

/** Applies the theme now and follows the system's changes while no choice is remembered. */
export function initTheme(): void {
  apply();
  system().addEventListener('change', apply);
}

/** Flips the theme and remembers the choice. */
export function toggleTheme(): Theme {
  localStorage.setItem(THEME_KEY, currentTheme() === 'dark' ? 'light' : 'dark');
  apply();
  return currentTheme();
}

export function onThemeChange(listener: (theme: Theme) => void): void {
  listeners.push(listener);
}

/** The list page's toggle (the editor has it in its "More" menu). */
export function themeToggle(): HTMLButtonElement {
  const button = h(
    'button',
    { class: 'btn theme-toggle', type: 'button', id: 'theme-toggle' },
    'Dark mode',
  );
  const show = (theme: Theme): void =>
    button.setAttribute('aria-pressed', String(theme === 'dark'));
  show(currentTheme());
  onThemeChange(show);
  button.addEventListener('click', () => toggleTheme());
  return button;
}
