/**
 * @module The terms of a supplier agreement, as a zod schema: what is validated on every new version and
 * what the rest of the hub reads (SLA timers, capacity, the feed schedule, rules facts, pricing).
 *
 * Durations are numbers of hours or minutes and may be fractional, so a test can use a window of seconds.
 */
import { z } from 'zod';
import { CronExpressionParser } from 'cron-parser';
import { AddressSchema, CurrencyCodeSchema } from '@dropline/connectors/model';
import { isTimeZone } from './zoned-time.ts';

const DECIMAL_PERCENT = z
  .string()
  .regex(/^\d+(\.\d+)?$/, 'expected a decimal percentage such as "15" or "12.5"')
  .refine((v) => Number(v) <= 100, 'expected at most 100');

const TimeZone = z.string().refine(isTimeZone, 'expected an IANA time zone such as "America/New_York"');
const LocalDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');

export const CronSchema = z.string().superRefine((v, ctx) => {
  try {
    CronExpressionParser.parse(v, { strict: false });
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `not a cron expression: ${(err as Error).message}` });
  }
});

export const FEED_FORMATS = ['csv', 'json', 'edi-846', 'api', 'webhook'] as const;

export const ShippingMethodSchema = z.object({
  name: z.string().min(1),
  carrier: z.string().min(1),
  service: z.string().optional(),
  /** Days in transit after the supplier ships. */
  transitDays: z.object({ min: z.number().int().nonnegative(), max: z.number().int().nonnegative() }),
});

export const AgreementTermsSchema = z
  .object({
    /** Where the supplier ships from, for rules ("US-East"); the connector's `region` config otherwise. */
    region: z.string().optional(),
    turnaround: z.object({ shipWithinHours: z.number().positive() }).default({ shipWithinHours: 48 }),
    acknowledgment: z
      .object({
        windowMinutes: z.number().positive(),
        /** A missed window rejects the supplier order, which hands its lines back to routing. */
        failoverOnTimeout: z.boolean().default(true),
      })
      .default({ windowMinutes: 240, failoverOnTimeout: true }),
    cutoff: z
      .object({ time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24-hour)'), timeZone: TimeZone })
      .default({ time: '14:00', timeZone: 'UTC' }),
    shipping: z
      .object({ methods: z.array(ShippingMethodSchema).default([]), carriers: z.array(z.string().min(1)).default([]) })
      .default({ methods: [], carriers: [] }),
    brandedPackaging: z.object({ available: z.boolean(), note: z.string().optional() }).default({ available: false }),
    inventoryFeed: z
      .object({
        /** When the hub fetches the supplier's feed (and how often one is expected). */
        cron: CronSchema,
        format: z.enum(FEED_FORMATS),
        /** A feed older than this raises an alert; default: twice the interval of `cron`. */
        staleAfterMinutes: z.number().positive().optional(),
      })
      .optional(),
    pricing: z
      .object({
        /** Where costs come from: the stock feed, a price list, or invoices. */
        costBasis: z.enum(['feed', 'price-list', 'invoice']).default('feed'),
        currency: CurrencyCodeSchema.default('USD'),
        /** MSRP and MAP per item come with the supplier's price feed; MAP is a floor when enforced. */
        mapEnforced: z.boolean().default(true),
        volumeDiscounts: z
          .array(z.object({ minQuantity: z.number().int().positive(), percent: DECIMAL_PERCENT }))
          .default([]),
      })
      .default({ costBasis: 'feed', currency: 'USD', mapEnforced: true, volumeDiscounts: [] }),
    returns: z
      .object({
        windowDays: z.number().int().nonnegative(),
        restockingFeePercent: DECIMAL_PERCENT.default('0'),
        returnAddress: AddressSchema.optional(),
        refundDays: z.number().int().nonnegative(),
      })
      .optional(),
    capacity: z
      .object({
        ordersPerDay: z.number().int().positive(),
        /** Different limits for date ranges (inclusive, in the cut-off time zone): peak season. */
        peakOverrides: z
          .array(z.object({ from: LocalDate, to: LocalDate, ordersPerDay: z.number().int().nonnegative() }).refine((o) => o.from <= o.to, { message: '"from" must not be after "to"', path: ['to'] }))
          .default([]),
      })
      .optional(),
  })
  .strict();

export type AgreementTerms = z.output<typeof AgreementTermsSchema>;
export type AgreementTermsInput = z.input<typeof AgreementTermsSchema>;

/** The terms the hub assumes for a supplier without an agreement. */
export const DEFAULT_TERMS: AgreementTerms = AgreementTermsSchema.parse({});

