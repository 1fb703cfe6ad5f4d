// ssh's questions to the user (host keys, passwords, key passphrases): see ../ssh-questions.ts.
import type { HandlerTable } from '../dispatcher';

export const sshHandlers: Pick<HandlerTable, 'ssh.questions' | 'ssh.answer'> = {
  'ssh.questions': (_params, { backend }) => backend.sshQuestions.list(),
  'ssh.answer': ({ id, answer }, { backend }) => ({ answered: backend.sshQuestions.answer(id, answer) }),
};
