/** The application logger (pino, JSON lines on stderr). */
import pino, { type Logger } from 'pino';

export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ level }, pino.destination(2));
}
