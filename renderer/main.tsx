// Start-up: pick the transport once, then render.
import { createRoot } from 'react-dom/client';
import { createClient } from '../shared/api/client';
import { App } from './App';
import { selectTransport } from './api/selectTransport';
import { saveToken } from './api/token';
import { applyStoredTheme } from './shell/useTheme';
import './styles/theme.css';
import './styles/app.css';

applyStoredTheme();
const { transport, monitor } = selectTransport();
const client = createClient(transport);

function reconnectWithToken(token: string): void {
  saveToken(token);
  // A full load with the token in the URL also lets the server set its cookie.
  const url = new URL(window.location.href);
  url.searchParams.set('token', token);
  window.location.replace(url.toString());
}

createRoot(document.getElementById('root')!).render(<App client={client} monitor={monitor} onToken={reconnectWithToken} />);
