/** @module Value types shared by both dialects' tables. */

export const JOB_STATUSES = ['pending', 'running', 'done', 'dead'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/**
 * accepted: stored and its events recorded · pending: stored, events to be recorded by a job ·
 * ignored: authentic but nothing to do · rejected: authentic but invalid (kept for replay after a fix) ·
 * stale: an older version of something we already hold.
 */
export const DELIVERY_STATUSES = ['accepted', 'pending', 'ignored', 'rejected', 'stale'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export type StoredHeaders = Record<string, string>;
