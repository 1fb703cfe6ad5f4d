// The backend's open folders (dir.list) and the one the window shows, for any view that
// must tell "this folder is reconnecting" from "this folder has nothing": a request to a
// remote folder whose connection dropped fails, and the view should say why instead of
// showing the failure and an empty list. Provided by the shell (shell/folderChoice.tsx).
import { createContext, useContext } from 'react';
import type { FolderInfo } from '../../shared/api/models';

/** The open folders; null until the backend has said. */
export const FoldersContext = createContext<FolderInfo[] | null>(null);
/** The folder shown (null: All folders, or not known yet). */
export const ShownFolderContext = createContext<FolderInfo | null>(null);

export function useFolderList(): FolderInfo[] | null {
  return useContext(FoldersContext);
}

export function useShownFolder(): FolderInfo | null {
  return useContext(ShownFolderContext);
}

/** What to say while the shown folder's connection is being made again, or null when it is up. */
export function reconnectingText(f: FolderInfo | null): string | null {
  if (f?.state !== 'reconnecting') return null;
  return `Connection to ${f.host ?? f.dir} lost — reconnecting…`;
}
