/**
 * @module A stand-in for EasyPost's tracking API: `POST /v2/trackers` creates a tracker, which then moves
 * through the given milestones on a timer, each announced by a signed `tracker.updated` webhook in
 * EasyPost's wire format. Used by tests and by the sandbox world's carrier.
 */
import { randomBytes } from 'node:crypto';
import { startFakeServer, sendWebhook, type FakeServer } from '../testing/fake-server.ts';
import { easypostSignature, type EasyPostTracker } from './connector.ts';

export interface Milestone {
  status: 'in_transit' | 'out_for_delivery' | 'delivered' | 'failure';
  afterMs: number;
  message: string;
  city?: string;
  state?: string;
}

export const DEFAULT_MILESTONES: Milestone[] = [
  { status: 'in_transit', afterMs: 4_000, message: 'Departed facility', city: 'LOUISVILLE', state: 'KY' },
  { status: 'out_for_delivery', afterMs: 12_000, message: 'Out for delivery', city: 'LOCAL', state: '' },
  { status: 'delivered', afterMs: 20_000, message: 'Delivered, front door' },
];

export interface FakeEasyPost extends FakeServer {
  trackers: Map<string, EasyPostTracker>;
  webhookUrl: string;
  setWebhookUrl(url: string): void;
}

export async function startFakeEasyPost(options: {
  apiKey: string;
  webhookSecret: string;
  webhookUrl?: string;
  milestones?: Milestone[];
  port?: number;
}): Promise<FakeEasyPost> {
  const trackers = new Map<string, EasyPostTracker>();
  const timers = new Set<NodeJS.Timeout>();
  const milestones = options.milestones ?? DEFAULT_MILESTONES;
  const expectedAuth = `Basic ${Buffer.from(`${options.apiKey}:`).toString('base64')}`;
  let webhookUrl = options.webhookUrl ?? '';

  const announce = async (tracker: EasyPostTracker) => {
    if (!webhookUrl) return;
    const now = new Date().toISOString();
    const event = {
      id: `evt_${randomBytes(12).toString('hex')}`,
      object: 'Event',
      mode: 'test',
      description: 'tracker.updated',
      created_at: now,
      updated_at: now,
      previous_attributes: {},
      pending_urls: [webhookUrl],
      completed_urls: [],
      status: 'pending',
      result: tracker,
    };
    const body = JSON.stringify(event);
    await sendWebhook(webhookUrl, body, { 'x-hmac-signature': easypostSignature(options.webhookSecret, body), 'user-agent': 'EasyPost WebHook Agent 1.0' });
  };

  const server = await startFakeServer((req) => {
    if (req.headers.authorization !== expectedAuth) return { status: 401, body: { error: { code: 'APIKEY.INACTIVE', message: 'This api key is no longer active.' } } };
    if (req.method === 'POST' && req.path === '/v2/trackers') {
      const input = JSON.parse(req.body || '{}') as { tracker?: { tracking_code?: string; carrier?: string } };
      const code = input.tracker?.tracking_code;
      if (!code) return { status: 422, body: { error: { code: 'TRACKER.TRACKING_CODE.INVALID', message: 'tracking_code is required' } } };
      const key = `${input.tracker?.carrier ?? ''}:${code}`;
      const known = trackers.get(key);
      if (known) return { status: 200, body: known };
      const created = new Date().toISOString();
      const tracker: EasyPostTracker = {
        id: `trk_${randomBytes(12).toString('hex')}`,
        object: 'Tracker',
        mode: 'test',
        tracking_code: code,
        status: 'pre_transit',
        carrier: input.tracker?.carrier ?? 'USPS',
        signed_by: null,
        est_delivery_date: new Date(Date.now() + 3 * 86_400_000).toISOString(),
        created_at: created,
        updated_at: created,
        public_url: `https://track.easypost.com/${code}`,
        tracking_details: [],
      };
      trackers.set(key, tracker);
      for (const m of milestones) {
        const timer = setTimeout(() => {
          timers.delete(timer);
          const at = new Date().toISOString();
          tracker.status = m.status;
          tracker.updated_at = at;
          if (m.status === 'delivered') tracker.signed_by = 'Front door';
          tracker.tracking_details.push({
            object: 'TrackingDetail',
            message: m.message,
            description: m.message,
            status: m.status,
            datetime: at,
            tracking_location: { object: 'TrackingLocation', city: m.city ?? null, state: m.state ?? null, country: 'US', zip: null },
          });
          void announce(structuredClone(tracker));
        }, m.afterMs);
        timers.add(timer);
      }
      return { status: 201, body: tracker };
    }
    return { status: 404, body: { error: { code: 'NOT_FOUND', message: 'The requested resource could not be found.' } } };
  }, options.port);

  return {
    ...server,
    trackers,
    get webhookUrl() {
      return webhookUrl;
    },
    setWebhookUrl(url: string) {
      webhookUrl = url;
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      await server.close();
    },
  };
}
