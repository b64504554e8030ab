/**
 * @module The built-in connectors, for the hub to register. Core code never imports a connector by name;
 * it asks the registry for a type.
 */
import type { ConnectorDefinition } from './sdk/define-connector.ts';
import { easypost } from './carrier-easypost/index.ts';
import { shopify } from './store-shopify/index.ts';
import { sandboxSupplier } from './supplier-sandbox/index.ts';

export { easypost, shopify, sandboxSupplier };

export const BUILTIN_CONNECTORS: readonly ConnectorDefinition<any, any>[] = [shopify, sandboxSupplier, easypost];
