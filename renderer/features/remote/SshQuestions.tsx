// ssh's questions, asked in the UI: a host key ssh has not seen, a yes/no, a password or
// a key passphrase, while Runyard connects to a remote runs folder. The backend keeps
// the list of waiting questions (electron/api/ssh-questions.ts); every window shows the
// oldest, and the first answer from any of them goes to ssh. Only a click or Enter
// answers: Cancel is what Escape and the × do, and the host-key dialog starts on Cancel.
import { useEffect, useState, type FormEvent } from 'react';
import type { PendingSshQuestion, SshAnswer } from '../../../shared/ssh-prompt';
import { useApi } from '../../api/ApiContext';
import { Field } from '../kit/Field';
import { Modal } from '../kit/Modal';

/** The waiting questions, from ssh.questions and kept current by its event; `epoch` reads them again after a reconnect. */
export function useSshQuestions(epoch: number): PendingSshQuestion[] {
  const client = useApi();
  const [list, setList] = useState<PendingSshQuestion[]>([]);
  useEffect(() => {
    let live = true;
    const off = client.on('ssh.questions', setList);
    void client.call('ssh.questions', {}).then((r) => {
      if (live && r.ok) setList(r.value);
    });
    return () => {
      live = false;
      off();
    };
  }, [client, epoch]);
  return list;
}

export function SshQuestions({ epoch = 0 }: { epoch?: number }) {
  const client = useApi();
  const list = useSshQuestions(epoch);
  const first = list[0];
  if (!first) return null;
  return (
    <SshQuestionDialog
      key={first.id}
      question={first}
      waiting={list.length - 1}
      onAnswer={(answer) => void client.call('ssh.answer', { id: first.id, answer })}
    />
  );
}

const TITLES: Record<PendingSshQuestion['kind'], string> = {
  'host-key': 'Unknown host key',
  secret: 'ssh asks for a password',
  confirm: 'ssh asks',
  notice: 'ssh says',
};

export function SshQuestionDialog({
  question: q,
  waiting,
  onAnswer,
}: {
  question: PendingSshQuestion;
  /** Questions behind this one. */
  waiting: number;
  onAnswer(answer: SshAnswer): void;
}) {
  const [secret, setSecret] = useState('');
  const [sent, setSent] = useState(false);
  const answer = (a: SshAnswer) => {
    if (sent) return;
    setSent(true);
    setSecret('');
    onAnswer(a);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    answer(q.kind === 'secret' ? secret : 'yes');
  };
  const host = q.host ?? 'the remote machine';
  const yes =
    q.kind === 'host-key' ? 'Trust and connect' : q.kind === 'secret' ? 'Connect' : q.kind === 'confirm' ? 'Yes' : 'OK';
  const no = q.kind === 'confirm' ? 'No' : 'Cancel';

  return (
    <Modal title={TITLES[q.kind]} onClose={() => answer(null)} busy={sent}>
      <form className="ssh-question" data-kind={q.kind} onSubmit={submit}>
        {q.folder && (
          <p className="ry-muted">
            Connecting to <span className="ry-mono">{q.folder}</span>
          </p>
        )}
        {q.kind === 'host-key' && (
          <p>
            <strong>Trust {host} and connect?</strong>
          </p>
        )}
        {q.kind === 'secret' ? (
          <Field label={q.text.trim() || 'Password'} hint="Runyard hands this to ssh and keeps it nowhere.">
            {(p) => (
              <input
                {...p}
                type="password"
                autoComplete="off"
                spellCheck={false}
                data-autofocus
                value={secret}
                onChange={(e) => setSecret(e.target.value)}
                disabled={sent}
              />
            )}
          </Field>
        ) : (
          <pre className="ssh-question__text">{q.text.trim()}</pre>
        )}
        {q.kind === 'host-key' && (
          <p className="ry-note">
            Compare the fingerprint with the one the machine's administrators publish, and connect only if they match.
            ssh then keeps the key in ~/.ssh/known_hosts.
          </p>
        )}
        {q.kind === 'secret' && <p className="ry-hint">With the key in ssh-agent (ssh-add), ssh stops asking.</p>}
        {waiting > 0 && (
          <p className="ry-muted" role="status">
            {waiting === 1 ? 'One more question waits' : `${waiting} more questions wait`} after this one.
          </p>
        )}
        <div className="ry-actions">
          {q.kind !== 'notice' && (
            <button
              type="button"
              className="ry-button"
              onClick={() => answer(null)}
              disabled={sent}
              {...(q.kind === 'secret' ? {} : { 'data-autofocus': true })}
            >
              {no}
            </button>
          )}
          <button
            type="submit"
            className={`ry-button ${q.kind === 'host-key' ? 'ry-button--danger' : 'ry-button--primary'}`}
            disabled={sent}
            {...(q.kind === 'notice' ? { 'data-autofocus': true } : {})}
          >
            {sent ? 'Answered…' : yes}
          </button>
        </div>
      </form>
    </Modal>
  );
}
