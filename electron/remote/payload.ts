// What the workstation tells the agent: the runs folder on the remote and the CLI words
// to run there. Shared by both ends, so it stays free of anything heavy.
export interface AgentPayload {
  dir: string;
  args: string[];
  /** The user is at a terminal on the workstation, so a question (prune's "remove?") can be asked through ssh. */
  tty?: boolean;
}

/** Set on the process by the agent: its --dir is a folder of this machine, whatever it looks like. */
export const AGENT_MARK = Symbol.for('runyard.agent');

export function encodePayload(p: AgentPayload): string {
  return Buffer.from(JSON.stringify(p), 'utf8').toString('base64url');
}

/** Set by the agent when the user is at a terminal on the other end. */
export const AGENT_TTY_MARK = Symbol.for('runyard.agent.tty');

const marks = () => process as unknown as Record<symbol, boolean>;

export function isAgent(): boolean {
  return Boolean(marks()[AGENT_MARK]);
}

export function agentHasTerminal(): boolean {
  return Boolean(marks()[AGENT_TTY_MARK]);
}
