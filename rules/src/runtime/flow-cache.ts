/**
 * @module Compiled flows kept per flow id and version, so a version is compiled (and its engines built) once
 * however many decisions use it. Publishing a new version simply asks for a new key; old ones age out.
 *
 * Supplier ids are not checked here: they were checked on publish, and a supplier removed since must not
 * stop routing (a route to it just finds no candidate and traces why).
 */
import type { Flow } from '../model/flow.ts';
import { compileFlow, type CompileOptions } from './compile-flow.ts';
import type { CompiledFlow } from './compiled-flow.ts';

export class CompiledFlowCache {
  readonly #options: Omit<CompileOptions, 'version' | 'knownSuppliers'>;
  readonly #max: number;
  readonly #entries = new Map<string, CompiledFlow>();

  constructor(options: Omit<CompileOptions, 'version' | 'knownSuppliers'> & { max?: number } = {}) {
    const { max, ...rest } = options;
    this.#options = rest;
    this.#max = max ?? 64;
  }

  /** The compiled flow for this id and version (`version` must be set: drafts are compiled each time). */
  get(flow: Flow & { version: number }): CompiledFlow {
    const key = `${flow.id}@${flow.version}`;
    let compiled = this.#entries.get(key);
    if (compiled) {
      // Most recently used last.
      this.#entries.delete(key);
    } else {
      compiled = compileFlow(flow, { ...this.#options, version: flow.version });
    }
    this.#entries.set(key, compiled);
    while (this.#entries.size > this.#max) this.#entries.delete(this.#entries.keys().next().value!);
    return compiled;
  }

  get size(): number {
    return this.#entries.size;
  }
}
