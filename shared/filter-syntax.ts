// The run table's filter language, shared so the CLI or server could accept the same
// text. Free words must all appear in a run's id, description, tags, user or host;
// `key:value` tokens narrow further. Different keys AND together; a key repeated
// ORs its values (a run has one status, user, host and parent, and "tag:a tag:b"
// reads as "either tag" in the facets). Dates AND, so the strictest bound wins.
// A leading `-` negates a term: `-status:completed`, `-tag:x`, `-word` drop the runs it
// would match. Dates are days (`2026-10-01`), instants, or ages back from now (`7d`).
// Unknown keys stay free text, since descriptions often contain "sweep: R0", but the
// parse says so: a typo such as `colour:red` otherwise just shows "no runs".
// `KEY OP VALUE` compares, with OP one of `:` `=` `!=` `>` `>=` `<` `<=`: on the
// built-in keys (`status!=failed`) and on run values (shared/values.ts:
// `config.beta>0.3`, `results.summary.infected<=100`); filter-values.ts judges those.
//
// The language lives in three modules: filter-tokens.ts (terms and editing them),
// filter-parse.ts (text to ParsedFilter) and filter-match.ts (judging runs). This module
// only gathers the names the renderer imports from one place.
export { hasToken, toggleToken, tokenize, type FilterKey } from './filter-tokens';
export { parseFilter, requiredPaths, type ParsedFilter } from './filter-parse';
export { BASE, judgeRun, prepareRun, STATUS, TAG, type PreparedRun } from './filter-match';
