import { parseAdapterOptions, type NodePool } from '@kubenode/core';
import { flatcarAdapterOptionsSchema, type FlatcarAdapterOptions } from './flatcar-adapter-options.js';

/**
 * Options already validated for the pool object of one render. `provisionFlatcar` renders from
 * a copy of the pool it makes for that render, so the runtime and the update strategy, which it
 * calls with that copy, read the options it parsed instead of parsing them again. Entries go
 * with the copy (a WeakMap): nothing outlives the render.
 */
const parsedForRender = new WeakMap<
  NodePool,
  { readonly adapterId: string; readonly options: FlatcarAdapterOptions }
>();

/** Remembers the options parsed for a pool object that only this render uses. */
export function rememberFlatcarOptions(
  renderPool: NodePool,
  adapterId: string,
  options: FlatcarAdapterOptions,
): void {
  parsedForRender.set(renderPool, { adapterId, options });
}

/**
 * `spec.adapterOptions.<adapterId>` of a pool, validated: the options of the current render for
 * its pool copy, otherwise parsed.
 *
 * @throws {SpecValidationError} for invalid options.
 */
export function flatcarOptionsOf(pool: NodePool, adapterId: string): FlatcarAdapterOptions {
  const known = parsedForRender.get(pool);
  if (known !== undefined && known.adapterId === adapterId) return known.options;
  return parseAdapterOptions(pool, adapterId, flatcarAdapterOptionsSchema);
}
