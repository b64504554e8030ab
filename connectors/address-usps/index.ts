export { usps, USPS_API, fromUsps } from './connector.ts';
export { startFakeUsps, type FakeUsps, type UspsKnownAddress } from './fake-usps.ts';
