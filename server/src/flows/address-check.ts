/**
 * @module Each order's shipping address is validated once — by the configured address service (Lob, USPS)
 * when there is one, else by the offline check — and the result is kept on the order beside the original
 * address (a correction never overwrites what the customer typed). Flows read it as a fact.
 */
import { checkAddress } from '@dropline/connectors';
import type { Address, OrderSnapshot } from '@dropline/connectors/model';
import type { AddressValidation } from '@dropline/connectors/sdk';
import { eq } from 'drizzle-orm';
import { actionContext } from '../connectors/action-context.ts';
import type { ConnectorService } from '../connectors/connector-service.ts';
import type { Database } from '../db/database.ts';
import type { Logger } from '../logging.ts';

export interface StoredAddressCheck extends AddressValidation {
  /** The connector that checked it, or `offline`. */
  checkedBy: string;
  checkedAt: string;
}

export class AddressChecks {
  constructor(
    private readonly deps: { db: Database; connectors: ConnectorService; log: Logger },
  ) {}

  /** The order's stored check, if it has been checked; never calls a service. */
  async stored(orderId: string): Promise<StoredAddressCheck | undefined> {
    const t = this.deps.db.t.orders;
    const [row] = await this.deps.db.q.select({ addressCheck: t.addressCheck }).from(t).where(eq(t.id, orderId));
    return (row?.addressCheck ?? undefined) as unknown as StoredAddressCheck | undefined;
  }

  /** The order's check, running it (once) if it hasn't been; undefined for orders with no shipping address. */
  async forOrder(orderId: string): Promise<StoredAddressCheck | undefined> {
    const t = this.deps.db.t.orders;
    const [row] = await this.deps.db.q.select({ snapshot: t.snapshot, addressCheck: t.addressCheck }).from(t).where(eq(t.id, orderId));
    if (!row) return undefined;
    if (row.addressCheck) return row.addressCheck as unknown as StoredAddressCheck;
    const address = (row.snapshot as unknown as OrderSnapshot).shippingAddress;
    if (!address) return undefined;
    const check = await this.check(address, orderId);
    await this.deps.db.transaction((tx) => tx.update(t).set({ addressCheck: check as unknown as Record<string, unknown> }).where(eq(t.id, orderId)));
    return check;
  }

  async check(address: Address, key: string): Promise<StoredAddressCheck> {
    const services = (await this.deps.connectors.resolveKind('address')).filter((c) => c.def.actions?.validateAddress);
    const service = services.find((c) => c.def.type !== 'offline-address') ?? services[0];
    const checkedAt = new Date().toISOString();
    if (service) {
      try {
        const result = await service.def.actions!.validateAddress!({ address }, actionContext(this.deps.db, service, `address:${key}`, this.deps.log));
        return { ...result, checkedBy: service.id, checkedAt };
      } catch (err) {
        // The service being down must not stop orders: fall back to what can be checked offline, and say so.
        this.deps.log.warn({ err, connector: service.id }, 'address service failed; using the offline check');
        const offline = checkAddress(address);
        return { ...offline, messages: [`${service.name} unavailable; checked offline`, ...offline.messages], checkedBy: 'offline', checkedAt };
      }
    }
    return { ...checkAddress(address), checkedBy: 'offline', checkedAt };
  }
}
