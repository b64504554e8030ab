/** @module `offline-address`: the built-in address check as a connector (no service, no configuration). */
import { z } from 'zod';
import { defineConnector } from '../sdk/define-connector.ts';
import { checkAddress } from './check-address.ts';

export const offlineAddress = defineConnector({
  type: 'offline-address',
  kind: 'address',
  title: 'Address check (offline)',
  description: 'Required parts per country, postal-code formats, regions and obvious junk; needs no service.',
  config: z.object({}),
  secrets: z.object({}),
  actions: {
    validateAddress: async (input) => checkAddress(input.address),
  },
});
