export { twilio, TWILIO_API } from './connector.ts';
export { startFakeTwilio, type FakeTwilio } from './fake-twilio.ts';
