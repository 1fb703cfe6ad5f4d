// A plain explanation of each kind of problem, added under the backend's message, so a
// researcher knows whether to worry and what to do.
import type { Problem } from '../../shared/types';

export function problemHint(p: Problem): string {
  const f = p.file.toLowerCase();
  const m = p.message.toLowerCase();
  if (f.endsWith('metadata.json')) {
    if (m.includes('empty') || m.includes('json') || m.includes('parse') || m.includes('unexpected')) {
      return 'The simulation may be writing this file right now (the Python module does not write atomically). Runyard keeps the last good copy and reads it again shortly; if it stays broken, the run folder was damaged.';
    }
    return 'Runyard shows what it could recover from the index and the folder; editing this run rewrites metadata.json with the values shown.';
  }
  if (f.includes('.run_index.json'))
    return 'The index is only a cache; the run folders are the truth. "runyard index repair" rebuilds it.';
  if (f.includes('checkpoint'))
    return 'A checkpoint listed in metadata.json has no file here. Resuming from it will fail; another run may have removed the files, or they live on another machine.';
  if (f.endsWith('config.yaml'))
    return 'config.yaml is optional and may hold YAML or JSON; this one could not be parsed, so only its text is shown.';
  if (f.endsWith('run_params.json')) return 'run_params.json could not be parsed as JSON, so only its text is shown.';
  if (f === 'current' || f.endsWith('/current'))
    return 'The "current" link only points at the newest run; a missing or broken link changes nothing else.';
  return 'Runyard skipped this file and went on; the rest of the run is shown as read.';
}
