// A watched run that ends is news even when its row is off screen. Open goes to the run
// in its own folder: the event names it, and in All folders (or another folder) a bare
// id would be looked for in the folder shown.
import { useEffect } from 'react';
import type { ApiClient } from '../../shared/api/client';
import { shortId } from '../../shared/format';
import { runKey } from '../state/allFolders';
import type { UiStore } from '../state/uiStore';
import type { Notify } from './notices';

export function useFinishedNotices(client: ApiClient, notify: Notify, ui: UiStore): void {
  useEffect(
    () =>
      client.on('run.finished', (e) => {
        notify.info(`Run ${shortId(e.run_id)} ${e.status}: ${e.description}`, {
          label: 'Open',
          run: () => {
            const shown = ui.getState().folder;
            ui.openRun(e.dir && shown !== e.dir ? runKey(e.dir, e.run_id) : e.run_id);
          },
        });
      }),
    [client, notify, ui],
  );
}
