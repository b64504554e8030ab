/**
 * @module Paging through orders with the hub's opaque cursors, back as well as forward.
 *
 * The API only knows "the page after this cursor", so the URL carries the trail of cursors that led
 * here (`back`, oldest first, "" for the first page): going back pops it. Pages are links, so they
 * survive a reload and work without scripts.
 */

export interface PagePosition {
  /** The cursor of this page; undefined on the first page. */
  cursor?: string;
  /** Cursors of the pages before this one, "" standing for the first page. */
  back: string[];
}

export function pagePosition(url: URL): PagePosition {
  const cursor = url.searchParams.get('cursor') || undefined;
  const back = url.searchParams.has('back') ? url.searchParams.get('back')!.split(',') : [];
  return { cursor, back: cursor ? back : [] };
}

/** 1 on the first page. */
export function pageNumber(position: PagePosition): number {
  return position.cursor ? position.back.length + 1 : 1;
}

/** The link to the next (older) page. */
export function olderHref(url: URL, nextCursor: string): string {
  const here = pagePosition(url);
  return hrefWith(url, nextCursor, [...here.back, here.cursor ?? '']);
}

/** The link to the previous (newer) page, or undefined on the first page. */
export function newerHref(url: URL): string | undefined {
  const here = pagePosition(url);
  if (!here.cursor) return undefined;
  const back = here.back.slice(0, -1);
  return hrefWith(url, here.back.at(-1) || undefined, back);
}

function hrefWith(url: URL, cursor: string | undefined, back: string[]): string {
  const params = new URLSearchParams(url.searchParams);
  params.delete('cursor');
  params.delete('back');
  if (cursor) {
    params.set('cursor', cursor);
    params.set('back', back.join(','));
  }
  const query = params.toString();
  return query ? `${url.pathname}?${query}` : url.pathname;
}
