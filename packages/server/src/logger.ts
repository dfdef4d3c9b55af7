/**
 * The logger the server writes to. Injected through the options so tests and
 * embedders can capture or silence it.
 */

/** Context attached to a log entry: the room, the user, the close code… */
export type LogContext = Readonly<Record<string, string | number | boolean | undefined>>;

/** A structured logger; every method takes a message and optional context. */
export interface Logger {
  info(message: string, context?: LogContext): void;
  warn(message: string, context?: LogContext): void;
  error(message: string, context?: LogContext): void;
}

function format(level: string, message: string, context?: LogContext): string {
  const fields = context
    ? Object.entries(context)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(' ')
    : '';
  return `${new Date().toISOString()} ${level} ${message}${fields ? ' ' + fields : ''}\n`;
}

/** A logger writing one line per entry to a stream (standard error by default). */
export function createStreamLogger(stream: NodeJS.WritableStream = process.stderr): Logger {
  return {
    info: (message, context) => void stream.write(format('info', message, context)),
    warn: (message, context) => void stream.write(format('warn', message, context)),
    error: (message, context) => void stream.write(format('error', message, context)),
  };
}

/** A logger that drops every entry. */
export const silentLogger: Logger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
