// Start-up: pick the transport and ask for the first data at once (./boot.ts), then
// render with the app's chunk, which is fetched meanwhile.
import { boot } from './boot';
import { applyStoredTheme } from './shell/useTheme';
import './styles/theme.css';
import './styles/app.css';

applyStoredTheme();
const start = boot();
const root = document.getElementById('root')!;
import('./render').then(
  (m) => m.render(start, root),
  (e: unknown) => {
    // Without this the page would stay blank.
    const p = document.createElement('p');
    p.setAttribute('role', 'alert');
    p.className = 'error-text';
    p.textContent = `Runyard could not load its interface (${(e as Error)?.message ?? String(e)}). Reload the page to try again.`;
    root.replaceChildren(p);
  },
);
