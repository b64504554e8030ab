export { lob, LOB_API, fromLob } from './connector.ts';
export { startFakeLob, type KnownAddress } from './fake-lob.ts';
