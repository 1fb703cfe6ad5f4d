// The client the views of one folder use: every request that acts on a folder names
// the folder shown (the backend may hold several), unless it names one itself. With no
// folder chosen, or All folders, requests go to the backend's current folder as before.
import type { ApiClient } from '../../shared/api/client';
import { takesFolder } from '../../shared/api/folder-requests';
import { ALL_FOLDERS } from '../state/allFolders';

export function scopeClient(client: ApiClient, folder: string | null): ApiClient {
  if (!folder || folder === ALL_FOLDERS) return client;
  return {
    call: (name, params) => {
      const named = typeof params === 'object' && params !== null && 'dir' in params;
      return client.call(name, (takesFolder(name) && !named ? { ...params, dir: folder } : params) as never);
    },
    on: (event, listener) => client.on(event, listener),
  };
}
