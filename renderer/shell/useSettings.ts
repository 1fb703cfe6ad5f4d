// User settings (theme, columns) from the backend's settings file. Changes show at
// once and are saved in the background; a read-only server keeps them for this
// session only.
import { useCallback, useEffect, useState } from 'react';
import type { ApiClient } from '../../shared/api/client';
import type { Params } from '../../shared/api/contract';
import type { Settings } from '../../shared/api/models';
import type { Notify } from './notices';

export type SettingsPatch = Params<'settings.set'>;

/** One folder's entry of a per-folder setting set, or removed when empty. */
function withDir<T>(byDir: Record<string, T> | undefined, dir: string, value: T, empty: boolean): Record<string, T> {
  const next = { ...byDir };
  if (empty) delete next[dir];
  else next[dir] = value;
  return next;
}

/** The change as the backend will make it (electron/ops/settings.ts), shown before it answers or where it cannot save (read-only). */
export function applyLocally(s: Settings, patch: SettingsPatch): Settings {
  const { dirColumns, dirViews, resumeCommand: _resume, ...fields } = patch;
  let next = { ...s, ...fields } as Settings;
  if (dirColumns) {
    const { dir, columns, widths } = dirColumns;
    next = { ...next, columnsByDir: withDir(next.columnsByDir, dir, columns, columns.length === 0) };
    if (widths) next.columnWidthsByDir = withDir(next.columnWidthsByDir, dir, widths, Object.keys(widths).length === 0);
  }
  if (dirViews)
    next = { ...next, viewsByDir: withDir(next.viewsByDir, dirViews.dir, dirViews.views, dirViews.views.length === 0) };
  return next;
}

export function useSettings(
  client: ApiClient,
  readOnly: boolean,
  notify: Notify,
): { settings: Settings | null; update(patch: SettingsPatch): void } {
  const [settings, setSettings] = useState<Settings | null>(null);
  useEffect(() => {
    let live = true;
    void client.call('settings.get', {}).then((r) => {
      if (!live) return;
      if (r.ok) setSettings(r.value);
      else notify.error(r.error);
    });
    return () => {
      live = false;
    };
  }, [client, notify]);
  const update = useCallback(
    (patch: SettingsPatch) => {
      setSettings((s) => (s ? applyLocally(s, patch) : s));
      if (readOnly) return;
      void client.call('settings.set', patch).then((r) => {
        if (r.ok) setSettings(r.value);
        else notify.error(r.error);
      });
    },
    [client, readOnly, notify],
  );
  return { settings, update };
}
