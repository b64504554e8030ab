/**
 * @module The sandbox world's goods and the three suppliers that carry them: different regions, stock,
 * costs, speed and reliability, so routing, backorders and failover all show up within minutes.
 */

export interface SandboxProduct {
  sku: string;
  title: string;
  variant?: string;
  price: string;
  grams: number;
}

export const SANDBOX_PRODUCTS: SandboxProduct[] = [
  { sku: 'DL-MUG-BLK', title: 'Enamel camp mug', variant: 'Black', price: '18.00', grams: 310 },
  { sku: 'DL-MUG-SND', title: 'Enamel camp mug', variant: 'Sand', price: '18.00', grams: 310 },
  { sku: 'DL-TEE-M', title: 'Organic cotton tee', variant: 'M', price: '29.00', grams: 180 },
  { sku: 'DL-TEE-L', title: 'Organic cotton tee', variant: 'L', price: '29.00', grams: 190 },
  { sku: 'DL-BTL-750', title: 'Insulated bottle', variant: '750 ml', price: '34.50', grams: 420 },
  { sku: 'DL-LAMP-01', title: 'Rechargeable lantern', price: '59.00', grams: 640 },
  { sku: 'DL-KNIFE-8', title: 'Chef knife 8"', price: '89.00', grams: 250 },
  { sku: 'DL-BLKT-WL', title: 'Wool blanket', price: '120.00', grams: 1800 },
  { sku: 'DL-SOCK-3P', title: 'Merino socks (3 pairs)', price: '24.00', grams: 150 },
  { sku: 'DL-PACK-20', title: 'Day pack 20 l', price: '79.00', grams: 780 },
];

export interface SandboxSupplier {
  id: string;
  name: string;
  region: string;
  skuPrefix: string;
  /** Lower is preferred by the default routing. */
  priority: number;
  /** Cost as a share of retail price. */
  costShare: number;
  stock: (sku: string) => number;
  ackDelayMs: [number, number];
  shipDelayMs: [number, number];
  rejectRate: number;
  backorderRate: number;
  /** Days until a backordered SKU is back in stock, said on the backorder (none: the supplier gives no date). */
  restockInDays?: (sku: string) => number | undefined;
  carrier: string;
  carries: (sku: string) => boolean;
}

export const SANDBOX_SUPPLIERS: SandboxSupplier[] = [
  {
    id: 'supplier-us-east',
    name: 'Atlantic Goods (US-East)',
    region: 'US-East',
    skuPrefix: 'ATL',
    priority: 1,
    costShare: 0.55,
    // Runs thin on a couple of best sellers, and its warehouse miscounts now and then.
    stock: (sku) => (sku === 'DL-LAMP-01' || sku === 'DL-MUG-BLK' ? 4 : 60),
    ackDelayMs: [800, 2_500],
    shipDelayMs: [2_500, 6_000],
    rejectRate: 0,
    backorderRate: 0.2,
    // Its lamps come back within days; for the rest it can't say.
    restockInDays: (sku) => (sku === 'DL-LAMP-01' ? 4 : undefined),
    carrier: 'UPS',
    carries: (sku) => sku !== 'DL-BLKT-WL',
  },
  {
    id: 'supplier-eu-west',
    name: 'Nordkap Supply (EU-West)',
    region: 'EU-West',
    skuPrefix: 'NKS',
    priority: 2,
    costShare: 0.6,
    stock: () => 250,
    ackDelayMs: [1_500, 3_500],
    shipDelayMs: [4_000, 8_000],
    rejectRate: 0.03,
    backorderRate: 0.02,
    carrier: 'DHL',
    carries: () => true,
  },
  {
    id: 'supplier-asia',
    name: 'Harbour Trading (APAC)',
    region: 'APAC',
    skuPrefix: 'HBT',
    priority: 3,
    costShare: 0.4,
    stock: () => 900,
    ackDelayMs: [2_500, 5_000],
    shipDelayMs: [6_000, 12_000],
    rejectRate: 0,
    backorderRate: 0,
    carrier: 'FedEx',
    carries: (sku) => !sku.startsWith('DL-KNIFE'),
  },
];

export const supplierSku = (supplier: SandboxSupplier, sku: string) => `${supplier.skuPrefix}-${sku.slice(3)}`;
