// What OpenSSH asks through SSH_ASKPASS, sorted into the questions Runyard shows the user.
// ssh hands the askpass program one prompt text; $SSH_ASKPASS_PROMPT says "confirm" (a
// yes/no answered by the exit status) or "none" (a notice) and is unset for text answers:
// a host-key question (answered "yes" or "no") or a secret (password, passphrase, code).
// Only what the user chose is ever answered; nothing here says yes by itself.

export type SshQuestionKind = 'host-key' | 'confirm' | 'secret' | 'notice';

export interface SshQuestion {
  kind: SshQuestionKind;
  /** The prompt exactly as ssh wrote it (fingerprints and all). */
  text: string;
  /** The host the question is about, when ssh's text names it. */
  host: string | null;
  /** The key fingerprint of a host-key question (SHA256:…). */
  fingerprint: string | null;
  /** The runs folder whose connection asks, as Runyard was given it (null when not known). */
  folder: string | null;
}

/** A question waiting for the user, under the id its answer names (contract: ssh.questions, ssh.answer). */
export interface PendingSshQuestion extends SshQuestion {
  id: string;
}

/** The longest prompt taken; ssh's own are a few hundred bytes. */
export const MAX_PROMPT_CHARS = 8192;

const HOST_KEY_QUESTION = /continue connecting \(yes\/no/i;
const HOST_IN_QUOTES = /host '([^']+)'/i;
const FINGERPRINT = /\b((?:SHA256|MD5):[A-Za-z0-9+/=:]+)/;
const HOST_AFTER_AT = /@([A-Za-z0-9_.:[\]-]+)'?s? password/i;

export function classifyPrompt(text: string, promptEnv: string | undefined, folder: string | null = null): SshQuestion {
  const fingerprint = FINGERPRINT.exec(text)?.[1] ?? null;
  const host = HOST_IN_QUOTES.exec(text)?.[1]?.replace(/ \(.*$/, '') ?? HOST_AFTER_AT.exec(text)?.[1] ?? null;
  let kind: SshQuestionKind;
  if (promptEnv === 'confirm') kind = 'confirm';
  else if (promptEnv === 'none') kind = 'notice';
  else if (HOST_KEY_QUESTION.test(text)) kind = 'host-key';
  else kind = 'secret';
  return { kind, text: text.slice(0, MAX_PROMPT_CHARS), host, fingerprint, folder: folder?.slice(0, 4096) ?? null };
}

/** The user's decision: the text to give ssh, or null for "no" / cancel (the askpass then fails). */
export type SshAnswer = string | null;

/** What the askpass program prints for an answer; a host-key "yes" is ssh's literal word. */
export function answerText(q: SshQuestion, accepted: SshAnswer): string | null {
  if (accepted === null) return null;
  if (q.kind === 'host-key') return 'yes';
  if (q.kind === 'confirm' || q.kind === 'notice') return '';
  // A secret is one line: a newline inside would end ssh's read early and send the rest on.
  return accepted.replace(/[\r\n].*$/s, '');
}
