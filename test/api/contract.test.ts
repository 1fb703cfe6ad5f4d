// The contract is complete on the backend side: every request has one handler, every
// handler's input is validated before it runs, and read-only mode stops every request
// that changes something before it runs.
import { describe, expect, it, vi } from 'vitest';
import { contract, eventNames, folderRequests, requestNames, type RequestName } from '../../shared/api/contract';
import { takesFolder } from '../../shared/api/folder-requests';
import { handlers } from '../../electron/api/handler-table';
import type { HandlerTable } from '../../electron/api/dispatcher';
import { inProcess } from '../helpers/api';
import { validParams } from '../helpers/valid-params';

const VALID = validParams('abc');

const GARBAGE: unknown[] = [
  { bogus: 1 },
  'garbage',
  42,
  [1, 2],
  { run_id: { $ne: 1 } },
  { __proto__: { polluted: true }, bogus: true },
];

function spyTable() {
  return Object.fromEntries(requestNames.map((n) => [n, vi.fn(() => null)])) as unknown as HandlerTable &
    Record<RequestName, ReturnType<typeof vi.fn>>;
}

describe('the API contract', () => {
  it('has exactly one backend handler per request', () => {
    expect(Object.keys(handlers).sort()).toEqual([...requestNames].sort());
    for (const n of requestNames) expect(typeof handlers[n]).toBe('function');
  });

  it('names the folder-scoped requests alike in the schemas and for the renderer', () => {
    expect(requestNames.filter(takesFolder).sort()).toEqual([...folderRequests].sort());
    expect(folderRequests.has('run.get') && !folderRequests.has('dir.open')).toBe(true);
  });

  it('lists each event once', () => {
    expect(new Set(eventNames).size).toBe(eventNames.length);
  });

  it('validates every request: garbage gets an "invalid" error and never reaches the handler', async () => {
    const table = spyTable();
    const { call, backend } = inProcess({ handlers: table });
    for (const name of requestNames) {
      for (const params of GARBAGE) {
        const r = await call(name, params);
        expect(r, `${name} with ${JSON.stringify(params)}`).toMatchObject({
          ok: false,
          error: { code: 'invalid', message: expect.stringContaining(name) },
        });
      }
      expect(table[name], name).not.toHaveBeenCalled();
    }
    expect(await call('no.such' as RequestName, {})).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: expect.stringMatching(/unknown request/) },
    });
    expect(await call('toString' as RequestName, {})).toMatchObject({ ok: false, error: { code: 'invalid' } });
    await backend.close();
  });

  it('passes valid params, with defaults filled in, to the handler once', async () => {
    const table = spyTable();
    const { call, backend } = inProcess({ handlers: table });
    for (const name of requestNames) {
      expect(await call(name, VALID[name]), name).toEqual({ ok: true, value: null });
      expect(table[name], name).toHaveBeenCalledTimes(1);
    }
    expect(table['run.readFile'].mock.calls[0]![0]).toEqual({
      run_id: 'abc',
      path: 'logs/simulation.log',
      length: 65_536,
      tail: false,
    });
    expect(table['run.files'].mock.calls[0]![0]).toEqual({ run_id: 'abc', folder: 'logs', offset: 0, limit: 500 });
    await backend.close();
  });

  it('in read-only mode refuses every request that changes something, before its handler runs', async () => {
    const table = spyTable();
    const { call, backend } = inProcess({ handlers: table, readOnly: true });
    const mutating = requestNames.filter((n) => contract[n].mutates);
    expect(mutating.sort()).toEqual([
      'dir.close',
      'dir.createDemo',
      'index.repair',
      'notes.set',
      'prune.execute',
      'resume.launch',
      'run.edit',
      'run.resume',
      'runs.editTags',
      'runs.restoreTags',
      'settings.set',
      'ssh.answer',
      'trash.empty',
      'trash.restore',
    ]);
    for (const name of requestNames) {
      const r = await call(name, VALID[name]);
      if (contract[name].mutates) {
        expect(r, name).toMatchObject({ ok: false, error: { code: 'read-only' } });
        expect(table[name], name).not.toHaveBeenCalled();
      } else expect(r.ok, name).toBe(true);
    }
    await backend.close();
  });
});
