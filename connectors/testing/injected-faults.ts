/**
 * @module Faults a fake vendor API can be told to inject, for the tests of retries: refuse the next
 * requests with given answers, or carry out the next matching request and lose its answer (the call that
 * went through but whose reply never arrived: the case idempotency keys and "already done?" checks exist for).
 */
import type { FakeResponse } from './fake-server.ts';

export class InjectedFaults {
  readonly #refusals: FakeResponse[] = [];
  readonly #lost: { method: string; path: RegExp }[] = [];

  /** @param lostAnswer what the client sees instead of a lost answer (the vendor's proxy error page) */
  constructor(private readonly lostAnswer: FakeResponse) {}

  failNext(...responses: FakeResponse[]): void {
    this.#refusals.push(...responses);
  }

  loseAnswerOf(method: string, path: RegExp): void {
    this.#lost.push({ method, path });
  }

  /** Answers `method apiPath` with a queued refusal, or by `carryOut`, whose answer a matching loss swallows. */
  apply(method: string, apiPath: string, carryOut: () => FakeResponse): FakeResponse {
    const refusal = this.#refusals.shift();
    if (refusal) return refusal;
    const response = carryOut();
    const lose = this.#lost.findIndex((l) => l.method === method && l.path.test(apiPath));
    if (lose >= 0 && response.status < 300) {
      this.#lost.splice(lose, 1);
      return this.lostAnswer;
    }
    return response;
  }
}
