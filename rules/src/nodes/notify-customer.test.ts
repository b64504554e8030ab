import { describe, expect, it } from 'vitest';
import { FlowBuilder } from '../templates/flow-builder.ts';
import { routingInput, sampleOrder } from '../testing/sample-order.ts';
import { runFlow } from '../testing/run-flow.ts';

function notify(channel: 'email' | 'sms') {
  const b = new FlowBuilder({ id: 'notify', name: 'Notify', trigger: 'shipment.tracking_updated' });
  b.connect(b.start, 'out', b.add('notify-customer', { template: 'shipment-delayed', channel }, { id: 'tell' }));
  return b.build();
}

const event = { type: 'shipment.tracking_updated' as const, data: { carrier: 'ups', trackingNumber: '1Z', status: 'exception' } };

describe('notify customer node', () => {
  it('addresses the customer by email or text message', async () => {
    const input = { ...routingInput(sampleOrder(), { event }), lines: [] };
    expect((await runFlow(notify('email'), input)).actions).toEqual([
      { type: 'notify-customer', nodeId: 'tell', template: 'shipment-delayed', channel: 'email', to: 'bob.norman@mail.example.com', lines: [] },
    ]);
    expect((await runFlow(notify('sms'), input)).actions[0]).toMatchObject({ channel: 'sms', to: '+557734881234' });
  });

  it('still asks, without a recipient, when the order has none (the hub reports it)', async () => {
    const anonymous = sampleOrder((o) => ({ ...o, customer: {} }));
    const d = await runFlow(notify('email'), { ...routingInput(anonymous, { event }), lines: [] });
    expect(d.actions[0]).not.toHaveProperty('to');
    expect(d.trace.at(-1)!.note).toBe('shipment-delayed by email (the order has no address for it)');
  });

  it('rejects template ids that are not ids', () => {
    const b = new FlowBuilder({ id: 'n', name: 'N', trigger: 'order.received' });
    expect(() => b.add('notify-customer', { template: 'Hello {{name}}' })).toThrow(/template id/);
  });
});
