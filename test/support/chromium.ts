/**
 * @module Debian's Chromium for the browser tests (and bench/editor): where it is and how it is started.
 * Headless on a shared 2-core machine: no GPU, no sandbox (tests run as root in CI), and none of the
 * background networking a fresh profile would otherwise start.
 */
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
