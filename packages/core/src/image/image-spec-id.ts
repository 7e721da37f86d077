import { createHash } from 'node:crypto';
import { SpecValidationError } from '../errors/spec-validation-error.js';
import { toSpecIssues } from '../node-pool/to-spec-issues.js';
import { canonicalJson } from './canonical-json.js';
import { imageSpecSchema, type ImageSpec, type ImageSpecInput } from './image-spec-schema.js';

/**
 * Validates an ImageSpec: defaults applied, order-free lists sorted.
 *
 * @throws {SpecValidationError} naming every problem with its path.
 */
export function parseImageSpec(input: unknown, options: { source?: string } = {}): ImageSpec {
  const parsed = imageSpecSchema.safeParse(input);
  if (!parsed.success) {
    throw new SpecValidationError({
      issues: toSpecIssues(parsed.error, { schema: imageSpecSchema }),
      source: options.source ?? 'ImageSpec',
      cause: parsed.error,
    });
  }
  return parsed.data;
}

/** The canonical serialisation of an ImageSpec (validated first): what {@link imageSpecId} hashes. */
export function canonicalImageSpec(spec: ImageSpecInput | ImageSpec): string {
  return canonicalJson(parseImageSpec(spec));
}

/**
 * The content-addressed ID of an image: the sha256 (lower-case hex) of the spec's canonical JSON
 * serialisation (RFC 8785 style: sorted keys, no insignificant whitespace), computed after
 * validation, so defaults written out or left implicit and lists in any order give the same ID,
 * as a Talos Image Factory schematic ID does for its schematic. Any change to what the image
 * contains or produces changes the ID.
 */
export function imageSpecId(spec: ImageSpecInput | ImageSpec): string {
  return createHash('sha256').update(canonicalImageSpec(spec), 'utf8').digest('hex');
}

/** The first 12 hex digits of an image ID, for file names (`kubenode-debian-bookworm-amd64-<short>.qcow2`). */
export function shortImageId(id: string): string {
  return id.slice(0, 12);
}
