// Light or dark follows the OS unless the user picked one. The choice is mirrored in
// localStorage so the next start paints in the right theme before settings arrive.
import { useEffect } from 'react';
import type { Theme } from '../../shared/api/models';

const KEY = 'runyard.theme';

export function applyTheme(theme: Theme): void {
  const root = document.documentElement;
  if (theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = theme;
  try {
    localStorage.setItem(KEY, theme);
  } catch {
    /* storage may be off */
  }
}

export function applyStoredTheme(): void {
  try {
    const t = localStorage.getItem(KEY);
    if (t === 'light' || t === 'dark') document.documentElement.dataset.theme = t;
  } catch {
    /* ignore */
  }
}

export function useTheme(theme: Theme | undefined): void {
  useEffect(() => {
    if (theme) applyTheme(theme);
  }, [theme]);
}
