/** @module Shapes of the HTTP API, for validation and the served OpenAPI document. */
import { z } from '@hono/zod-openapi';
import { CONNECTOR_KINDS } from '@dropline/connectors/sdk';
import { EVENT_TYPES, ORDER_STATUSES } from '@dropline/connectors/model';
import { JOB_STATUSES, DELIVERY_STATUSES } from '../db/types.ts';

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    code: z.string(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem', { description: 'RFC 9457 problem details' });

export const problemResponses = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((s) => [s, { description: `Problem (${s})`, content: { 'application/problem+json': { schema: ProblemSchema } } }]),
  );

export const ConnectorSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    kind: z.enum(CONNECTOR_KINDS),
    name: z.string(),
    config: z.record(z.string(), z.unknown()),
    enabled: z.boolean(),
    secretsSet: z.array(z.string()).openapi({ description: 'Names of the secrets that are set; values are write-only' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Connector');

export const CreateConnectorSchema = z
  .object({
    id: z.string().openapi({ example: 'acme-shop' }),
    type: z.string().openapi({ example: 'shopify' }),
    name: z.string().optional(),
    config: z.record(z.string(), z.unknown()).default({}),
    secrets: z.record(z.string(), z.unknown()).optional().openapi({ description: 'Write-only; encrypted at rest' }),
    enabled: z.boolean().optional(),
  })
  .openapi('CreateConnector');

export const UpdateConnectorSchema = z
  .object({
    name: z.string().optional(),
    config: z.record(z.string(), z.unknown()).optional(),
    secrets: z
      .record(z.string(), z.unknown())
      .optional()
      .openapi({ description: 'Merged into the stored secrets; a key set to null removes that secret' }),
    enabled: z.boolean().optional(),
  })
  .openapi('UpdateConnector');

export const ConnectorTypeSchema = z
  .object({
    type: z.string(),
    kind: z.enum(CONNECTOR_KINDS),
    title: z.string(),
    description: z.string().optional(),
    configSchema: z.record(z.string(), z.unknown()).openapi({ description: 'JSON Schema (2020-12) with `ui` hints' }),
    secretsSchema: z.record(z.string(), z.unknown()),
    inbound: z.boolean(),
    poll: z.boolean(),
    actions: z.array(z.string()),
  })
  .openapi('ConnectorType');

export const EventSchema = z
  .object({
    id: z.string(),
    seq: z.number().int(),
    type: z.enum(EVENT_TYPES as [string, ...string[]]),
    schemaVersion: z.number().int(),
    occurredAt: z.string(),
    recordedAt: z.string(),
    source: z.string(),
    orderId: z.string().optional(),
    data: z.record(z.string(), z.unknown()),
  })
  .openapi('Event');

const LineSchema = z.looseObject({ lineId: z.string(), sku: z.string().nullable(), quantity: z.number().int(), title: z.string(), unitPrice: z.string() });

export const OrderSchema = z
  .looseObject({
    id: z.string(),
    source: z.string(),
    externalId: z.string(),
    number: z.string(),
    status: z.enum(ORDER_STATUSES),
    currency: z.string(),
    total: z.string(),
    lines: z.array(LineSchema),
    trackingUrl: z.string(),
    placedAt: z.string(),
    createdAt: z.string(),
    modifiedAt: z.string(),
    suppliers: z.array(z.string()).openapi({ description: 'Suppliers holding or shipping some of its lines' }),
  })
  .openapi('Order');

export const OrderDetailSchema = OrderSchema.extend({
  events: z.array(EventSchema).openapi({ description: 'The timeline, oldest first' }),
  supplierOrders: z.array(z.record(z.string(), z.unknown())),
  shipments: z.array(z.record(z.string(), z.unknown())),
}).openapi('OrderDetail');

export const JobSchema = z
  .object({
    id: z.number().int(),
    type: z.string(),
    payload: z.record(z.string(), z.unknown()),
    status: z.enum(JOB_STATUSES),
    attempts: z.number().int(),
    maxAttempts: z.number().int(),
    runAt: z.string(),
    lastError: z.string().nullable(),
    orderId: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .openapi('Job');

export const DeliverySchema = z
  .object({
    id: z.string(),
    connectorId: z.string(),
    deliveryId: z.string(),
    topic: z.string().nullable(),
    status: z.enum(DELIVERY_STATUSES),
    error: z.string().nullable(),
    receivedAt: z.string(),
    processedAt: z.string().nullable(),
    headers: z.record(z.string(), z.string()).optional(),
    body: z.string().optional(),
  })
  .openapi('Delivery');

export const CatalogItemSchema = z
  .object({
    supplierId: z.string(),
    supplierSku: z.string(),
    sku: z.string(),
    gtin: z.string().nullish(),
    priority: z.number().int().optional(),
    cost: z.string().nullish(),
    currency: z.string().nullish(),
  })
  .openapi('CatalogItem');

export const listOf = <T extends z.ZodType>(item: T, name: string) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable().optional() }).openapi(name);

export const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
