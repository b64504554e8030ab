/**
 * @module One load window with autocannon: N keep-alive connections, closed loop (each connection sends
 * its next delivery when the previous one is answered), every request the pool's next prepared delivery.
 *
 * Only 2xx count as accepted. Latency percentiles are autocannon's, over 2xx responses (ms, 1 ms
 * resolution). When the window closes autocannon drops its connections: requests then in flight were
 * sent but never answered, and the server may still store them (`sent - responses` says how many).
 */
import autocannon from 'autocannon';
import type { SignedDeliveryPool } from './signed-deliveries.ts';

export interface LoadOptions {
  /** Server base URL, e.g. http://127.0.0.1:8787. */
  url: string;
  path: string;
  pool: SignedDeliveryPool;
  connections: number;
  durationS: number;
  /** Send exactly this many requests instead of running for `durationS`. */
  amount?: number;
  /** When given, the X-Shopify-Webhook-Id of every delivery answered 2xx is added here. */
  acknowledged?: Set<string>;
}

export interface LoadWindow {
  durationS: number;
  connections: number;
  /** Requests written to a connection. */
  sent: number;
  responses: number;
  /** 2xx responses. */
  accepted: number;
  acceptedPerS: number;
  non2xx: number;
  statusCounts: Record<string, number>;
  /** Connection errors, timeouts included. */
  errors: number;
  timeouts: number;
  latencyMs: { mean: number; p50: number; p90: number; p99: number; p99_9: number; max: number };
}

interface DeliveryContext {
  webhookId?: string;
}

export async function loadWindow(options: LoadOptions): Promise<LoadWindow> {
  let sent = 0;
  const acknowledged = options.acknowledged;
  const request: autocannon.Request = {
    method: 'POST',
    path: options.path,
    // Called for every request just before it is written (and once per connection up front, for its first).
    setupRequest(req, context) {
      const delivery = options.pool.next();
      sent++;
      (context as DeliveryContext).webhookId = delivery.webhookId;
      return { ...req, headers: { ...delivery.headers }, body: delivery.body };
    },
    // With pipelining 1 the connection's context still holds the delivery this response answers.
    onResponse: acknowledged
      ? (status, _body, context) => {
          if (status >= 200 && status < 300) acknowledged.add((context as DeliveryContext).webhookId!);
        }
      : undefined,
  };
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    pipelining: 1,
    ...(options.amount ? { amount: options.amount } : { duration: options.durationS }),
    requests: [request],
  });
  const statusCounts = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count ?? 0]));
  const responses = Object.values(statusCounts).reduce((a, b) => a + b, 0);
  return {
    durationS: result.duration,
    connections: options.connections,
    sent,
    responses,
    accepted: result['2xx'],
    acceptedPerS: result['2xx'] / result.duration,
    non2xx: result.non2xx,
    statusCounts,
    errors: result.errors,
    timeouts: result.timeouts,
    latencyMs: {
      mean: result.latency.mean,
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      p99_9: result.latency.p99_9,
      max: result.latency.max,
    },
  };
}
