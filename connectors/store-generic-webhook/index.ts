export { genericWebhook } from './connector.ts';
