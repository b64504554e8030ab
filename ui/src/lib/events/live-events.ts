/**
 * @module Live canonical events in the browser, from the hub's `GET /api/stream` (Server-Sent Events).
 *
 * The stream names each message after its event type, and `EventSource` hands named messages only to
 * listeners for that name, so we listen for every type. The browser reconnects by itself and sends
 * `Last-Event-ID`, which the hub resumes from.
 */
import type { EventType } from '@dropline/connectors/model';
import { EVENT_TYPES } from './event-style.ts';

/** What the stream carries per event (the full event is in the order's timeline). */
export interface LiveEvent {
  seq: number;
  id: string;
  type: EventType;
  orderId?: string;
  source: string;
  occurredAt: string;
}

export interface Subscription {
  /** Only this order's events. */
  orderId?: string;
  onEvent(event: LiveEvent): void;
  /** True once the stream is open (again); false while the browser reconnects or after it gave up. */
  onConnection?(connected: boolean): void;
}

/**
 * Listens to events recorded from now on; returns the function that stops listening.
 * @example $effect(() => subscribeToEvents({ orderId, onEvent: () => refresh.trigger() }));
 */
export function subscribeToEvents(subscription: Subscription): () => void {
  const query = subscription.orderId ? `?orderId=${encodeURIComponent(subscription.orderId)}` : '';
  const source = new EventSource(`/api/stream${query}`);
  const listener = (message: MessageEvent<string>) => {
    let event: LiveEvent;
    try {
      event = JSON.parse(message.data) as LiveEvent;
    } catch {
      // A message we cannot read is not worth breaking the page over; the next one refreshes it anyway.
      return;
    }
    subscription.onEvent(event);
  };
  for (const type of EVENT_TYPES) source.addEventListener(type, listener);
  source.addEventListener('open', () => subscription.onConnection?.(true));
  source.addEventListener('error', () => subscription.onConnection?.(false));
  return () => source.close();
}
