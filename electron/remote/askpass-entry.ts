// Runyard's askpass program (dist/askpass.cjs): ssh runs it, through the launcher
// askpass-server.ts writes, with the question as its one argument. It carries the
// question to the app that started ssh, over that app's private socket with its token,
// and prints the user's answer; with no answer (no, cancel, the app gone) it fails, and
// ssh takes that as no. It decides nothing itself.
import net from 'node:net';

const socket = process.env.RUNYARD_ASKPASS_SOCKET;
const token = process.env.RUNYARD_ASKPASS_TOKEN;

function give(answer: string | null): void {
  if (answer === null) process.exit(1);
  process.stdout.write(`${answer}\n`, () => process.exit(0));
}

if (!socket || !token) {
  process.stderr.write('runyard askpass: started without Runyard (no RUNYARD_ASKPASS_SOCKET); answering no\n');
  process.exit(1);
}

// ssh waits for this program's answer, but when ssh itself is ended (the user stopped
// connecting) nobody would read it: a question left waiting in the app and a stray process.
// Once ssh has gone the parent is someone else, so the answer is no and this ends.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(1);
}, 250).unref();

const conn = net.connect(socket);
let reply = '';
conn.setEncoding('utf8');
conn.on('connect', () => {
  conn.write(
    `${JSON.stringify({
      token,
      prompt: process.argv[2] ?? '',
      promptEnv: process.env.SSH_ASKPASS_PROMPT,
      folder: process.env.RUNYARD_ASKPASS_FOLDER,
    })}\n`,
  );
});
conn.on('data', (chunk: string) => {
  reply += chunk;
  const nl = reply.indexOf('\n');
  if (nl < 0) return;
  conn.destroy();
  let answer: string | null = null;
  try {
    const parsed = JSON.parse(reply.slice(0, nl)) as { answer?: unknown };
    if (typeof parsed.answer === 'string') answer = parsed.answer;
  } catch {
    // a garbled reply is no answer
  }
  give(answer);
});
conn.on('error', (e) => {
  process.stderr.write(`runyard askpass: cannot reach Runyard to ask the question (${e.message}); answering no\n`);
  process.exit(1);
});
conn.on('close', () => {
  if (!reply.includes('\n')) process.exit(1);
});
