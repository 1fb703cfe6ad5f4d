// Copy to the clipboard and say so. Browsers refuse the clipboard outside secure
// contexts (plain http on a non-local host); the notice then shows the text instead.
import { useCallback } from 'react';
import { useNotify } from '../shell/notices';

export function useCopy(): (text: string, what: string) => void {
  const notify = useNotify();
  return useCallback(
    (text: string, what: string) => {
      const done = () => notify.info(`Copied ${what}.`);
      const refused = () => notify.error(`The browser refused the clipboard; copy ${what} by hand: ${text}`);
      try {
        void navigator.clipboard.writeText(text).then(done, refused);
      } catch {
        refused();
      }
    },
    [notify],
  );
}
