/**
 * @module Configuration of `rest-supplier`: a JSON API described without code. Endpoints are paths
 * under the base URL (with `{supplierOrderId}` and `{externalId}` filled in); request bodies and
 * responses are shaped by JSONata expressions, checked when the config is saved.
 */
import { z } from 'zod';
import { mappingError } from './mapping.ts';

const jsonataExpression = (title: string, description: string) =>
  z
    .string()
    .min(1)
    .superRefine((expr, ctx) => {
      const problem = mappingError(expr);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .meta({ title, description, ui: { widget: 'code', language: 'jsonata' } });

const path = (fallback?: string) => {
  const p = z.string().regex(/^\//, 'expected a path starting with /, e.g. /orders/{supplierOrderId}');
  return (fallback ? p.default(fallback) : p).meta({ title: 'Path', description: 'Under the base URL; {supplierOrderId} and {externalId} are filled in' });
};
const method = (fallback: 'GET' | 'POST') => z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default(fallback).meta({ title: 'Method' });

export const RestAuthSchema = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('none') }),
    z.object({
      type: z.literal('api-key'),
      header: z.string().min(1).default('X-Api-Key').meta({ title: 'Header' }),
      prefix: z.string().default('').meta({ title: 'Prefix', description: 'Text before the key, e.g. "Bearer "' }),
    }),
    z.object({ type: z.literal('basic'), username: z.string().min(1).meta({ title: 'User name' }) }),
    z.object({
      type: z.literal('oauth2-client-credentials'),
      tokenUrl: z.string().min(1).meta({ title: 'Token URL', description: 'Absolute, or a path under the base URL' }),
      scope: z.string().optional().meta({ title: 'Scope' }),
      audience: z.string().optional().meta({ title: 'Audience', ui: { advanced: true } }),
      clientAuthentication: z.enum(['basic', 'body']).default('basic').meta({ title: 'Send client credentials', description: 'In a Basic header (RFC 6749 §2.3.1) or in the form body' }),
    }),
  ])
  .meta({ title: 'Authentication' });

export const restSupplierConfig = z.object({
  baseUrl: z.url().meta({ title: 'API base URL', ui: { placeholder: 'https://api.supplier.example/v2' } }),
  auth: RestAuthSchema.default({ type: 'none' }),
  headers: z.record(z.string(), z.string()).default({}).meta({ title: 'Extra headers', ui: { advanced: true } }),
  timeoutSeconds: z.number().int().min(1).max(120).default(20).meta({ title: 'Timeout (seconds)', ui: { advanced: true } }),
  pollIntervalSeconds: z.number().int().min(1).default(300).meta({ title: 'Poll every (seconds)', description: 'For order status and stock, when those are polled' }),
  placeOrder: z
    .object({
      method: method('POST'),
      path: path(),
      idempotencyHeader: z.string().min(1).default('Idempotency-Key').meta({ title: 'Idempotency header', description: 'Carries our PO number, so the supplier can drop a repeat' }),
      body: jsonataExpression('Request body', 'From the purchase order: supplierOrderId, order { number, currency, shippingAddress, customer, … }, lines [{ lineId, sku, supplierSku, title, quantity, unitCost }]'),
      response: jsonataExpression('Response', 'From the response body (and $input, the purchase order): { externalId, events? } — events when the answer acknowledges lines at once').optional(),
    })
    .meta({ title: 'Place order' }),
  cancelOrder: z
    .object({
      method: method('POST'),
      path: path(),
      body: jsonataExpression('Request body', 'From { supplierOrderId, externalId, reason }').optional(),
      response: jsonataExpression('Response', 'From the response body: true when the order was cancelled').optional(),
    })
    .optional()
    .meta({ title: 'Cancel order' }),
  orderStatus: z
    .object({
      method: method('GET'),
      path: path(),
      response: jsonataExpression('Response', 'From the response body (and $input { supplierOrderId, externalId }): { events, final } — final when nothing more will happen to the order'),
    })
    .optional()
    .meta({ title: 'Order status (polled)', description: 'Orders placed through this connector are asked for their status each poll until final' }),
  stockFeed: z
    .object({
      method: method('GET'),
      path: path(),
      response: jsonataExpression('Response', 'From the response body: { items: [{ sku, quantity, cost?, currency? }], full }'),
      poll: z.boolean().default(true).meta({ title: 'Poll it', description: 'Fetch on every poll, besides when the hub asks' }),
    })
    .optional()
    .meta({ title: 'Stock feed' }),
  webhook: z
    .object({
      signatureHeader: z.string().min(1).meta({ title: 'Signature header' }),
      algorithm: z.enum(['sha256', 'sha1', 'sha512']).default('sha256').meta({ title: 'HMAC algorithm' }),
      encoding: z.enum(['hex', 'base64']).default('hex').meta({ title: 'Signature encoding' }),
      prefix: z.string().default('').meta({ title: 'Signature prefix', description: 'e.g. "sha256=" before the digest' }),
      deliveryIdHeader: z.string().min(1).optional().meta({ title: 'Delivery id header', description: 'Kept across the sender’s retries; without it the body’s digest is used' }),
      topicPath: z.string().min(1).default('type').meta({ title: 'Topic field', description: 'Dot path of the field naming the kind of message, e.g. "event"' }),
      events: jsonataExpression('Events', 'From the webhook body (and $headers): an array of { type, data } canonical events; [] to ignore'),
    })
    .optional()
    .meta({ title: 'Webhooks' }),
});
export type RestSupplierConfig = z.output<typeof restSupplierConfig>;

export const restSupplierSecrets = z.object({
  apiKey: z.string().min(1).optional().meta({ title: 'API key', ui: { widget: 'password' } }),
  password: z.string().min(1).optional().meta({ title: 'Password (basic auth)', ui: { widget: 'password' } }),
  clientId: z.string().min(1).optional().meta({ title: 'OAuth client id' }),
  clientSecret: z.string().min(1).optional().meta({ title: 'OAuth client secret', ui: { widget: 'password' } }),
  webhookSecret: z.string().min(1).optional().meta({ title: 'Webhook signing secret', ui: { widget: 'password' } }),
});
export type RestSupplierSecrets = z.output<typeof restSupplierSecrets>;
