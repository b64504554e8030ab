export { easypost, easypostSignature, trackerEvents, EASYPOST_API, type EasyPostTracker } from './connector.ts';
