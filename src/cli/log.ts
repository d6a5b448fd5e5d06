// Messages to the user on stderr: warnings and info lines, debug lines with --debug, nothing with --quiet.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface LoggerOptions {
  readonly quiet: boolean;
  readonly debug: boolean;
  readonly write?: (line: string) => void;
}

/** Lines look like `barnacle: warning: ...`, one per message, so that CI logs stay greppable. */
export function createLogger({ quiet, debug, write = (line) => process.stderr.write(line) }: LoggerOptions): Logger {
  const emit = (prefix: string, message: string) => write(`barnacle: ${prefix}${message}\n`);
  return {
    debug: (message) => debug && emit('debug: ', message),
    info: (message) => !quiet && emit('', message),
    warn: (message) => !quiet && emit('warning: ', message),
    error: (message) => emit('error: ', message),
  };
}

/** A logger that drops everything, for library use and tests. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
