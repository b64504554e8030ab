export { smtp } from './connector.ts';
