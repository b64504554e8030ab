/** @module The starter templates, in the order the editor offers them. */
import { addressReview } from './address-review.ts';
import { backorderAlertOrRefund } from './backorder-alert-or-refund.ts';
import { fraudHold } from './fraud-hold.ts';
import { geographicRouting } from './geographic-routing.ts';
import { primarySecondaryFailover } from './primary-secondary-failover.ts';
import { skuCostSpeedRouting } from './sku-cost-speed.ts';
import { supplierCancelRefund } from './supplier-cancel-refund.ts';
import type { FlowTemplate } from './template.ts';

export { addressReview, backorderAlertOrRefund, fraudHold, geographicRouting, primarySecondaryFailover, skuCostSpeedRouting, supplierCancelRefund };

export const STARTER_TEMPLATES: readonly FlowTemplate<any>[] = [
  primarySecondaryFailover,
  geographicRouting,
  skuCostSpeedRouting,
  fraudHold,
  addressReview,
  backorderAlertOrRefund,
  supplierCancelRefund,
];

export function findTemplate(id: string): FlowTemplate<any> | undefined {
  return STARTER_TEMPLATES.find((t) => t.id === id);
}
