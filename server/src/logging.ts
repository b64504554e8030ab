/** @module Structured JSON logs (pino): one line per record, request and job ids on every line. */
import pino from 'pino';

export type Logger = pino.Logger;

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'dropline' },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Secrets never reach a log line, even if a payload or header carries one by mistake.
      redact: {
        paths: ['secrets', '*.secrets', 'headers.authorization', 'req.headers.authorization', '*.accessToken', '*.webhookSecret'],
        censor: '[redacted]',
      },
      serializers: { err: pino.stdSerializers.err },
    },
    destination,
  );
}
