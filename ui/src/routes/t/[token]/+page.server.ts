/**
 * @module `/t/:token`: the customer's tracking page. Public (the unguessable token is the key), rendered on
 * the server only, so it works without scripts and ships none.
 */
import { error } from '@sveltejs/kit';
import type { TrackingView } from '$lib/api/types.ts';
import type { PageServerLoad } from './$types';

export const csr = false;

export const load: PageServerLoad = async ({ fetch, params, setHeaders }) => {
  setHeaders({
    // As fresh as the hub's own answer; private, since the page names the customer.
    'cache-control': 'private, max-age=15',
    // The URL is the secret: keep it out of carriers' logs when the customer follows a tracking link…
    'referrer-policy': 'no-referrer',
    // …and out of search engines.
    'x-robots-tag': 'noindex, nofollow',
  });
  const res = await fetch(`/tracking/${encodeURIComponent(params.token)}`, { headers: { accept: 'application/json' } });
  if (res.status === 404) error(404, { message: 'We could not find an order for this link.', code: 'tracking_not_found' });
  if (!res.ok) error(503, { message: 'Tracking is unavailable right now. Please try again in a few minutes.' });
  return { view: (await res.json()) as TrackingView };
};
