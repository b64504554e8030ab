/** @module Ambient types for SvelteKit: what the console's errors carry. */
declare global {
  namespace App {
    interface Error {
      message: string;
      /** The hub's problem `code` when the error came from the API (e.g. `tracking_not_found`). */
      code?: string;
    }
  }
}

export {};
