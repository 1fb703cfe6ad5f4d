// User settings (theme, columns) from the backend's settings file. Changes show at
// once and are saved in the background; a read-only server keeps them for this
// session only.
import { useCallback, useEffect, useState } from 'react';
import type { ApiClient } from '../../shared/api/client';
import type { Params } from '../../shared/api/contract';
import type { Settings } from '../../shared/api/models';
import type { Notify } from './notices';

export type SettingsPatch = Params<'settings.set'>;

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
      setSettings((s) => (s ? ({ ...s, ...patch } as Settings) : s));
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
