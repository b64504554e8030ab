import { describe, expect, it } from 'vitest';
import { FlowBuilder } from '../templates/flow-builder.ts';
import { candidate, routingInput, sampleOrder } from '../testing/sample-order.ts';
import { placed, runFlow, steps } from '../testing/run-flow.ts';

function nearest() {
  const b = new FlowBuilder({ id: 'near', name: 'Nearest', trigger: 'order.received' });
  const route = b.add(
    'route-nearest',
    {
      areas: [
        { label: 'US West', countries: ['US'], regions: ['CA', 'WA', 'OR'], suppliers: ['us-west'] },
        { label: 'North America', countries: ['US', 'CA'], suppliers: ['us-east', 'us-west'] },
        { label: 'Europe', countries: ['DE', 'FR', 'GB'], suppliers: ['eu'] },
      ],
      fallback: ['eu', 'us-east'],
    },
    { id: 'nearest' },
  );
  b.connect(b.start, 'out', route);
  return b.build();
}

const ALL = ['us-west', 'us-east', 'eu'].map((s) => candidate(s));
const shipTo = (country: string, region?: string) =>
  sampleOrder((o) => ({ ...o, shippingAddress: { ...o.shippingAddress!, country, region } }));

describe('route to nearest node', () => {
  it('picks the area of the ship-to country and region', async () => {
    const ky = await runFlow(nearest(), routingInput(sampleOrder(), { all: ALL }));
    expect(placed(ky)[0]).toBe('IPOD2008GREEN→us-east');
    expect(steps(ky, 'action', 'nearest')[0]!.note).toBe('ship-to US-KY: North America');
    expect(steps(ky, 'line assigned')[0]!.note).toBe('nearest for US-KY (North America, #1)');
    expect(placed(await runFlow(nearest(), routingInput(shipTo('US', 'CA'), { all: ALL })))[0]).toBe('IPOD2008GREEN→us-west');
    expect(placed(await runFlow(nearest(), routingInput(shipTo('FR'), { all: ALL })))[0]).toBe('IPOD2008GREEN→eu');
  });

  it('goes further down the area, then to the fallback, when the nearest has no stock', async () => {
    const d = await runFlow(nearest(), routingInput(sampleOrder(), { all: [candidate('us-east', { stock: 0 }), candidate('us-west'), candidate('eu')] }));
    expect(placed(d)[0]).toBe('IPOD2008GREEN→us-west');
    const fb = await runFlow(nearest(), routingInput(sampleOrder(), { all: [candidate('us-east', { stock: 0 }), candidate('eu')] }));
    expect(placed(fb)[0]).toBe('IPOD2008GREEN→eu');
    expect(steps(fb, 'line assigned')[0]!.note).toBe('fallback for US-KY');
  });

  it('uses the fallback for addresses in no area', async () => {
    const d = await runFlow(nearest(), routingInput(shipTo('JP'), { all: ALL }));
    expect(placed(d)[0]).toBe('IPOD2008GREEN→eu');
    expect(steps(d, 'action', 'nearest')[0]!.note).toBe('ship-to JP: no area');
  });

  it('with no shipping address only the fallback is tried; lines nobody takes leave through "none"', async () => {
    const digital = sampleOrder((o) => ({ ...o, shippingAddress: undefined }));
    const d = await runFlow(nearest(), routingInput(digital, { all: [candidate('us-west')] }));
    expect(placed(d)).toEqual([]);
    expect(d.kind === 'assign' && d.unassigned[0]!.reason).toBe(
      'no supplier for no ship-to address can take it: eu: does not carry IPOD2008GREEN; us-east: does not carry IPOD2008GREEN',
    );
  });
});
