/** @module The build-time catalogue of node types and operators (see vite-plugins/flow-catalogue.ts). */
declare module 'virtual:flow-catalogue' {
  import type { NodeTypeInfo, OperatorInfo } from '@dropline/rules';

  const catalogue: { nodes: NodeTypeInfo[]; operators: OperatorInfo[] };
  export default catalogue;
}
