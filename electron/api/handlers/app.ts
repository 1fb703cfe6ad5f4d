// app.info: what the client needs to know about this backend before anything else.
import type { HandlerTable } from '../dispatcher';
import pkg from '../../../package.json';

export const appHandlers: Pick<HandlerTable, 'app.info'> = {
  'app.info': (_p, { backend }) => ({
    version: pkg.version,
    transport: backend.transport,
    readOnly: backend.readOnly,
    canUseShell: Boolean(backend.platform.openPath),
    dir: backend.dir,
  }),
};
