/**
 * @module The built-in connectors, for the hub to register. Core code never imports a connector by name;
 * it asks the registry for a type.
 */
import type { ConnectorDefinition } from './sdk/define-connector.ts';
import { lob } from './address-lob/index.ts';
import { offlineAddress } from './address-offline/index.ts';
import { usps } from './address-usps/index.ts';
import { easypost } from './carrier-easypost/index.ts';
import { smtp } from './notify-smtp/index.ts';
import { twilio } from './notify-twilio/index.ts';
import { shopify } from './store-shopify/index.ts';
import { sandboxSupplier } from './supplier-sandbox/index.ts';

export { easypost, shopify, sandboxSupplier, smtp, twilio, offlineAddress, lob, usps };

export const BUILTIN_CONNECTORS: readonly ConnectorDefinition<any, any>[] = [shopify, sandboxSupplier, easypost, smtp, twilio, offlineAddress, lob, usps];
