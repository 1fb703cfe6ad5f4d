// Every request of the contract has exactly one handler; the type makes a missing one
// a compile error, and test/api-contract.test.ts checks it at runtime too.
import type { HandlerTable } from '../dispatcher';
import { fileHandlers } from './files';
import { lineageHandlers } from './lineage';
import { noteHandlers } from './notes';
import { pruneHandlers } from './prune';
import { runHandlers } from './runs';
import { runTagHandlers } from './runs-tags';
import { settingsHandlers } from './settings';
import { valueHandlers } from './values';

export const handlers: HandlerTable = {
  ...runHandlers,
  ...fileHandlers,
  ...lineageHandlers,
  ...pruneHandlers,
  ...settingsHandlers,
  ...runTagHandlers,
  ...noteHandlers,
  ...valueHandlers,
};
