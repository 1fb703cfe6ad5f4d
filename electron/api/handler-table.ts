// Every request of the contract has exactly one handler, in handlers/<namespace>.ts; the
// type makes a missing one a compile error, and test/api/contract.test.ts checks it at
// runtime too.
import type { HandlerTable } from './dispatcher';
import { appHandlers } from './handlers/app';
import { dirHandlers } from './handlers/dir';
import { duHandlers } from './handlers/du';
import { indexCheckHandlers } from './handlers/index';
import { lineageHandlers } from './handlers/lineage';
import { logHandlers } from './handlers/log';
import { noteHandlers } from './handlers/notes';
import { pruneHandlers } from './handlers/prune';
import { resumeHandlers } from './handlers/resume';
import { runHandlers } from './handlers/run';
import { runsHandlers } from './handlers/runs';
import { settingsHandlers } from './handlers/settings';
import { shellHandlers } from './handlers/shell';
import { sshHandlers } from './handlers/ssh';
import { trashHandlers } from './handlers/trash';
import { valueHandlers } from './handlers/values';

export const handlers: HandlerTable = {
  ...appHandlers,
  ...dirHandlers,
  ...duHandlers,
  ...indexCheckHandlers,
  ...lineageHandlers,
  ...logHandlers,
  ...noteHandlers,
  ...pruneHandlers,
  ...resumeHandlers,
  ...runHandlers,
  ...runsHandlers,
  ...settingsHandlers,
  ...shellHandlers,
  ...sshHandlers,
  ...trashHandlers,
  ...valueHandlers,
};
