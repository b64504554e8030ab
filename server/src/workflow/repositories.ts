/** @module The repositories the workflow works through, built once per hub. */
import type { Database } from '../db/database.ts';
import { CatalogRepository } from '../catalog/catalog-repository.ts';
import { EventStore } from '../events/event-store.ts';
import { ShipmentRepository } from '../fulfillment/shipment-repository.ts';
import { SupplierOrderRepository } from '../fulfillment/supplier-order-repository.ts';
import { OrderRepository } from '../orders/order-repository.ts';

export interface Repositories {
  orders: OrderRepository;
  events: EventStore;
  supplierOrders: SupplierOrderRepository;
  shipments: ShipmentRepository;
  catalog: CatalogRepository;
}

export function createRepositories(db: Database, publicUrl: () => string): Repositories {
  return {
    orders: new OrderRepository(db, publicUrl),
    events: new EventStore(db),
    supplierOrders: new SupplierOrderRepository(db),
    shipments: new ShipmentRepository(db),
    catalog: new CatalogRepository(db),
  };
}
