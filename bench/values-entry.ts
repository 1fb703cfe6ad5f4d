// What the values bench loads: the operations and the filter, bundled by bench/values.mjs.
export { filterRuns, readRunValues, valueColumns } from '../electron/ops/values';
export { RunValueReader } from '../electron/store/run-values';
export { parseFilter, requiredPaths } from '../shared/filter-parse';
export { matchRun, prepareRun } from '../shared/filter-match';
