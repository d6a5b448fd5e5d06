// Runs the whole CLI in-process (src/cli/main.ts) as a user would, capturing its output.
import { main } from '../src/cli/main.js';

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `barnacle <args>` with exactly the environment given (none of the test process's), output not a TTY. */
export async function barnacle(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'barnacle', ...args], {
    env,
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    stdoutIsTty: false,
  });
  return { code, stdout, stderr };
}
