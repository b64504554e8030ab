/**
 * @module A routing flow of any size for the editor benchmark, shaped like a real one: a ladder of
 * conditions on the ship-to country, each sending its orders to a failover chain that holds the order when
 * no supplier can take it. Three nodes per rung (condition, chain, hold), laid out on a grid so the whole
 * flow is on screen at once after zoom-to-fit: the most the canvas ever has to draw.
 */
const COUNTRIES = ['US', 'CA', 'GB', 'DE', 'FR', 'NL', 'SE', 'AU', 'NZ', 'JP', 'SG', 'BR', 'MX', 'ES', 'IT'];
const SUPPLIERS = ['supplier-us-east', 'supplier-eu-west', 'supplier-asia'];
const CELL = { width: 280, height: 170 };
const COLUMNS = 18;

interface Node {
  id: string;
  type: string;
  position: { x: number; y: number };
  settings: Record<string, unknown>;
}

export function benchFlow(nodeCount: number, name: string) {
  const nodes: Node[] = [];
  const edges: { id: string; source: string; sourceHandle: string; target: string }[] = [];
  const at = (i: number) => ({ x: (i % COLUMNS) * CELL.width, y: Math.floor(i / COLUMNS) * CELL.height });
  const add = (id: string, type: string, settings: Record<string, unknown>) => nodes.push({ id, type, position: at(nodes.length), settings });
  const connect = (source: string, sourceHandle: string, target: string) => edges.push({ id: `e-${source}-${sourceHandle}`, source, sourceHandle, target });

  add('start', 'trigger', {});
  let previous = { id: 'start', handle: 'out' };
  for (let rung = 0; nodes.length + 3 <= nodeCount; rung++) {
    const condition = `condition-${rung + 1}`;
    const chain = `route-failover-${rung + 1}`;
    const hold = `hold-${rung + 1}`;
    add(condition, 'condition', { condition: { all: [{ fact: 'order.shippingAddress.country', operator: 'countryIn', value: [COUNTRIES[rung % COUNTRIES.length]] }] } });
    add(chain, 'route-failover', { suppliers: [SUPPLIERS[rung % 3], SUPPLIERS[(rung + 1) % 3]], stock: 'require' });
    add(hold, 'hold', { reason: `No supplier for rung ${rung + 1}` });
    connect(previous.id, previous.handle, condition);
    connect(condition, 'true', chain);
    connect(chain, 'none', hold);
    previous = { id: condition, handle: 'false' };
  }
  // The remainder: orders no rung took go to a last chain (and its hold, when there is room).
  if (nodes.length < nodeCount) {
    add('route-failover-last', 'route-failover', { suppliers: [...SUPPLIERS], stock: 'require' });
    connect(previous.id, previous.handle, 'route-failover-last');
  }
  if (nodes.length < nodeCount) {
    add('hold-last', 'hold', { reason: 'No supplier can take the order' });
    connect('route-failover-last', 'none', 'hold-last');
  }
  while (nodes.length < nodeCount) add(`add-tag-${nodes.length}`, 'add-tag', { tags: ['unreached'] });
  return { schemaVersion: 1, name, trigger: 'order.received', nodes, edges };
}
