/**
 * @module The built-in connectors, for the hub to register. Core code never imports a connector by name;
 * it asks the registry for a type.
 */
import type { ConnectorDefinition } from './sdk/define-connector.ts';
import { lob } from './address-lob/index.ts';
import { checkAddress, offlineAddress } from './address-offline/index.ts';
import { usps } from './address-usps/index.ts';
import { easypost } from './carrier-easypost/index.ts';
import { smtp } from './notify-smtp/index.ts';
import { twilio } from './notify-twilio/index.ts';
import { bigcommerce } from './store-bigcommerce/index.ts';
import { genericWebhook } from './store-generic-webhook/index.ts';
import { magento } from './store-magento/index.ts';
import { shopify } from './store-shopify/index.ts';
import { woocommerce } from './store-woocommerce/index.ts';
import { ediX12Supplier } from './supplier-edi-x12/index.ts';
import { restSupplier } from './supplier-rest/index.ts';
import { sandboxSupplier } from './supplier-sandbox/index.ts';
import { sftpCsvSupplier } from './supplier-sftp-csv/index.ts';

export { woocommerce, bigcommerce, magento, genericWebhook };
/** The offline address check, for the hub to fall back on when no address service is configured. */
export { checkAddress };
export { easypost, shopify, sandboxSupplier, smtp, twilio, offlineAddress, lob, usps, restSupplier, sftpCsvSupplier, ediX12Supplier };

export const BUILTIN_CONNECTORS: readonly ConnectorDefinition<any, any>[] = [shopify, woocommerce, bigcommerce, magento, genericWebhook, sandboxSupplier, easypost, smtp, twilio, offlineAddress, lob, usps, restSupplier, sftpCsvSupplier, ediX12Supplier];
