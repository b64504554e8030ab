/** @module The per-request variables API handlers can read. */
import type { Logger } from '../logging.ts';
import type { Role } from './auth.ts';

export type ApiEnv = { Variables: { requestId: string; log: Logger; role: Role } };
