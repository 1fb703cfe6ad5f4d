// The client the views of one folder use: every request that acts on a folder names
// the folder shown (the backend may hold several), unless it names one itself. With no
// folder chosen, requests go to the backend's current folder as before; All folders
// sends each run's requests to its own folder (./allFoldersClient.ts).
import type { ApiClient } from '../../shared/api/client';
import { takesFolder } from '../../shared/api/folder-requests';
import { ALL_FOLDERS } from '../state/allFolders';
import { allFoldersClient } from './allFoldersClient';

export function scopeClient(client: ApiClient, folder: string | null): ApiClient {
  if (!folder) return client;
  if (folder === ALL_FOLDERS) return allFoldersClient(client);
  return {
    call: (name, params) => {
      const named = typeof params === 'object' && params !== null && 'dir' in params;
      return client.call(name, (takesFolder(name) && !named ? { ...params, dir: folder } : params) as never);
    },
    on: (event, listener) => client.on(event, listener),
  };
}
