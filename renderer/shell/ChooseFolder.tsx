// What a view that belongs to one folder (its trash, its lineage, a prune) shows in All
// folders: a plain sentence and a button per open folder, each opening the same view in
// that folder. Asking every folder and mixing the answers would look like one folder's.
import type { View } from './appState';
import { useApi } from '../api/ApiContext';
import { folderLabel } from '../state/allFolders';
import { useUiStore } from '../state/useUi';
import { useFolders } from './FolderBar';

export function ChooseFolder({ what, view }: { what: string; view: View }) {
  const client = useApi();
  const ui = useUiStore();
  const folders = useFolders(client, 0) ?? [];
  return (
    <section className="choose-folder" aria-label={`Choose one folder to see its ${what}`}>
      <p>
        All folders shows the runs of {folders.length || 'several'} folders; each folder has its own {what}. Choose one
        folder to see its {what}:
      </p>
      <div className="choose-folder__list">
        {folders.map((f) => (
          <button key={f.dir} type="button" title={f.dir} onClick={() => ui.chooseFolder(f.dir, view)}>
            {folderLabel(f.dir)} <span className="muted">({f.runs} runs)</span>
          </button>
        ))}
      </div>
    </section>
  );
}
