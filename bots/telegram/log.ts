// Log lines that never contain the bot token (nor, therefore, any URL built from it).
import { GrammyError, HttpError } from 'grammy';

export type Log = (line: string) => void;

export function redact(line: string, secrets: Array<string | undefined>): string {
  let out = line;
  for (const s of secrets) if (s) out = out.split(s).join('***');
  // a token-shaped string anyway (e.g. in a URL we did not build)
  return out.replace(/\d{5,}:[A-Za-z0-9_-]{30,}/g, '***');
}

/** A short description of an error: for HttpError only its message, since the wrapped error may carry the request URL. */
export function describe(e: unknown): string {
  if (e instanceof GrammyError) return `${e.method}: ${e.error_code} ${e.description}`;
  if (e instanceof HttpError) return e.message;
  if (e instanceof Error) return e.stack ?? `${e.name}: ${e.message}`;
  return String(e);
}

export function safeLog(log: Log, secrets: Array<string | undefined>): Log {
  return (line) => log(redact(line, secrets));
}
