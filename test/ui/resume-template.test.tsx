// @vitest-environment jsdom
// The resume dialog says how a template is read (issue #13, point 8): while typing, a
// shell template is announced as "filled in shell-quoted" and one Runyard cannot quote
// is flagged before saving; the preview shows the values quoted, with the backend's note.
// The fake backend answers with the real template code, so what is shown is what runs.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ResumeDialog } from '../../renderer/features/resume/ResumeDialog';
import type { RunDetail, Settings } from '../../shared/api/models';
import { displayCommand, fillTemplate, parseTemplate, quotingNotes } from '../../shared/resume-template';
import { fakeBackend, makeRun } from './fixtures';

afterEach(cleanup);

const PARENT = 'aaaaaaaa-1111-4111-8111-111111111111';
const HOSTILE = "ck-$(touch /tmp/x); it's";
const CKPT_PATH = `/data/runs/${PARENT}/checkpoints/${HOSTILE}.hdf5`;

const parentDetail: RunDetail = {
  run: makeRun({ run_id: PARENT, description: 'Baseline NE', tags: [] }),
  metadata: { run_id: PARENT },
  paths: { run: `/data/runs/${PARENT}`, results: '', checkpoints: '', logs: '' },
  checkpoints: [
    {
      name: HOSTILE,
      created_at: null,
      path: CKPT_PATH,
      resolved_path: CKPT_PATH,
      files: [{ path: CKPT_PATH, bytes: 4 }],
      ranks: [],
    },
  ],
  children: [],
  config: null,
  params: null,
};

describe('the resume command shows its quoting', () => {
  it('announces shell quoting while typing, flags a template that cannot be quoted, and previews the quoted value', async () => {
    const user = userEvent.setup();
    let saved: string | null = null;
    const settings: Settings = {
      theme: 'system',
      recentDirs: [],
      columns: [],
      staleAfterHours: 24,
      watchMode: 'auto',
      pollIntervalMs: 2000,
      notifications: true,
      resumeCommands: {},
    };
    const api = fakeBackend({
      'run.get': () => parentDetail,
      'resume.preview': () => {
        if (!saved) return null;
        const t = parseTemplate(saved);
        return {
          command: displayCommand(
            fillTemplate(t, {
              run_id: '<new-run-id>',
              parent_run_id: PARENT,
              checkpoint_path: CKPT_PATH,
              checkpoint_name: HOSTILE,
              runs_dir: '/data/runs',
            }),
          ),
          cwd: '/home/me/JUNE',
          notes: quotingNotes(t),
        };
      },
      'settings.get': () => settings,
      'settings.set': (p) => {
        saved = p.resumeCommand?.template ?? null;
        return settings;
      },
    });
    render(<ResumeDialog runId={PARENT} onClose={() => {}} onCreated={() => {}} />, { wrapper: api.wrapper });
    const box = await screen.findByRole('textbox', { name: 'Command template' });

    // Code for another interpreter: refused before saving, with the reason.
    await user.type(box, 'python -c "run(\'{{checkpoint_path}\')"');
    expect(screen.getByRole('alert').textContent).toMatch(
      /cannot be saved: .*program code for python.*pass the value as its own argument/,
    );

    // A plain argument template: said to be literal arguments.
    await user.clear(box);
    await user.type(box, 'python run.py {{checkpoint_path}');
    const how = screen.getByLabelText('How the command is read');
    expect(how.textContent).toBe('Each placeholder is passed as one literal argument (no shell reads it).');

    // A shell template: said to be quoted.
    await user.clear(box);
    await user.type(box, 'bash -lc "module load june; sim --restart {{checkpoint_path}"');
    expect(screen.getByLabelText('How the command is read').textContent).toMatch(
      /bash -lc reads its command as shell code, so \{checkpoint_path\} is filled in shell-quoted/,
    );
    expect(screen.queryByRole('alert')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Save command' }));

    // The preview shows the value in single quotes inside the shell string, and the note.
    const command = await screen.findByLabelText('Command to run');
    expect(command.textContent).toBe(
      `bash -lc "module load june; sim --restart '/data/runs/${PARENT}/checkpoints/ck-\\$(touch /tmp/x); it'\\\\''s.hdf5'"`,
    );
    const section = screen.getByRole('region', { name: 'Resume command' });
    expect(within(section).getByRole('note').textContent).toMatch(
      /the shell sees each value as one literal word, never as code/,
    );
  });
});
