// What the values bench loads: the operations and the filter, bundled by bench/values.mjs.
export { filterRuns, readRunValues, valueColumns } from '../electron/ops/values';
export { RunValueReader } from '../electron/store/run-values';
export { matchRun, parseFilter, prepareRun, requiredPaths } from '../shared/filter-syntax';
