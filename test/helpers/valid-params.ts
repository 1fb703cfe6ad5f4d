// One valid call per request, for the tests that send every request (the contract's
// completeness, the security sweep): a new request without an entry is a compile error.
import type { Params, RequestName } from '../../shared/api/contract';

/** Valid params for every request, naming the run `runId`. */
export function validParams(runId: string): { [N in RequestName]: Params<N> } {
  return {
    'app.info': {},
    'dir.open': { dir: '/tmp/runs' },
    'dir.pick': {},
    'dir.recent': {},
    'dir.list': {},
    'dir.close': { dir: '/tmp/runs-not-open' },
    'dir.createDemo': { dir: '/tmp/demo' },
    'runs.snapshot': {},
    'run.get': { run_id: runId },
    'run.files': { run_id: runId, folder: 'logs' },
    'run.readFile': { run_id: runId, path: 'logs/simulation.log' },
    'run.readImage': { run_id: runId, path: 'results/plot.png' },
    'log.follow': { run_id: runId, path: 'logs/simulation.log' },
    'log.unfollow': { subscription: 's1' },
    'run.watch': { run_id: runId },
    'run.unwatch': { subscription: 's1' },
    'lineage.get': {},
    'run.resume': { run_id: runId },
    'run.edit': { run_id: runId, tags: ['a'] },
    'resume.preview': { run_id: runId },
    'resume.launch': { run_id: runId },
    'prune.plan': { policy: { keep: 3 } },
    'prune.execute': { policy: { keep: 3 }, expect: [runId], operation: 'op' },
    'trash.list': {},
    'trash.restore': { run_id: runId },
    'trash.empty': {},
    'index.check': {},
    'index.repair': {},
    'du.get': {},
    'values.columns': {},
    'values.get': { paths: ['config.beta'] },
    'values.series': { run_ids: [runId] },
    'settings.get': {},
    'settings.set': { theme: 'dark' },
    'runs.editTags': { run_ids: [runId], add: ['a'] },
    'runs.restoreTags': { runs: [{ run_id: runId, tags: [], expect: ['a'] }] },
    'notes.get': { run_id: runId },
    'notes.set': { run_id: runId, text: 'a note' },
    'shell.open': { run_id: runId },
  };
}
