import { createHash } from 'node:crypto';

/**
 * A UUID (RFC 4122 layout, version 4 and variant bits set) derived from a seed and a label, so a
 * build gives its filesystems and partitions the same identifiers every time, and two different
 * images different ones. `deterministicUuid(imageId, 'root')`.
 */
export function deterministicUuid(seed: string, label: string): string {
  const bytes = createHash('sha256').update(`kubenode-uuid\0${seed}\0${label}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A FAT volume id (8 hex digits) derived from a seed and a label. */
export function deterministicVolumeId(seed: string, label: string): string {
  return createHash('sha256').update(`kubenode-volid\0${seed}\0${label}`).digest('hex').slice(0, 8);
}
