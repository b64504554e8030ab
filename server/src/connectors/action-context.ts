/** @module What a connector gets when the hub asks it to act: its config, secrets, an HTTP client, a key. */
import { createHttpClient, type ActionContext } from '@dropline/connectors/sdk';
import type { Database } from '../db/database.ts';
import type { Logger } from '../logging.ts';
import type { ResolvedConnector } from './connector-service.ts';
import { connectorState } from './connector-state.ts';

export function actionContext(
  db: Database,
  connector: ResolvedConnector,
  idempotencyKey: string,
  log: Logger,
): ActionContext<any, any> {
  return {
    connectorId: connector.id,
    config: connector.config,
    secrets: connector.secrets,
    idempotencyKey,
    log: log.child({ connector: connector.id }),
    state: connectorState(db, connector.id),
    http: (baseUrl, defaults) => createHttpClient(baseUrl, defaults),
  };
}
