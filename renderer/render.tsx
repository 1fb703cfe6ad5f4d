// The React app, in a chunk of its own: start-up (./main.tsx) opens the connection and
// asks for the runs while this, most of the page's script, is still being fetched and
// compiled (index.html preloads it; see vite.config.mts).
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { saveToken } from './api/token';
import type { Boot } from './boot';

function reconnectWithToken(token: string): void {
  // A fresh start of the page with the new token; through the address only when no
  // storage would keep it across the reload (the page takes it off the address again).
  if (saveToken(token)) return window.location.reload();
  const url = new URL(window.location.href);
  url.searchParams.set('token', token);
  window.location.replace(url.toString());
}

export function render(start: Boot, root: HTMLElement): void {
  createRoot(root).render(
    <App client={start.client} monitor={start.monitor} onToken={reconnectWithToken} start={start} />,
  );
}
