import type { TalosAdapterOptionsInput } from '../talos-adapter-options.js';

/**
 * Talos PKI material generated for kubenode's tests only (an ed25519 CA with O=talos, as
 * `talosctl gen secrets` makes, a machine token, a cluster id and secret). Protects nothing.
 */
export const TEST_TALOS_OS_CA = `-----BEGIN CERTIFICATE-----
MIIBNDCB56ADAgECAhQFmxriDum37piswxY3bUVc3okIwDAFBgMrZXAwEDEOMAwG
A1UECgwFdGFsb3MwHhcNMjYxMTI0MTIyMDQxWhcNMzYxMTIxMTIyMDQxWjAQMQ4w
DAYDVQQKDAV0YWxvczAqMAUGAytlcAMhAHghhyRvnAwPlDTQG2DnXL8l1CH0+tUG
Le0obZCyoZR4o1MwUTAdBgNVHQ4EFgQUH3Jr/C5Ko9hAnw0ME5LJnR/H5HIwHwYD
VR0jBBgwFoAUH3Jr/C5Ko9hAnw0ME5LJnR/H5HIwDwYDVR0TAQH/BAUwAwEB/zAF
BgMrZXADQQC1jYffW+/jmRFr2EIFX5BET7GRgOJ34n0cpCaN6z78hbw2mWoBKc4U
bTXQSwM+P6AAvUGqMb2TW9uvpW1QtkMM
-----END CERTIFICATE-----
`;

/** A Talos machine token (trustd). */
export const TEST_TALOS_MACHINE_TOKEN = '27v9j5.l5v75yul30zilk3y';
/** A cluster id (base64url, 32 bytes). */
export const TEST_TALOS_CLUSTER_ID = '1-wIiLDvBjJJcd6lCp-wtNTf2ETW-bi5TKqoR8iMUMY=';
/** A cluster secret (base64, 32 bytes). */
export const TEST_TALOS_CLUSTER_SECRET = 'YAU1iGOnyVntQN9Tf5ATSIDrXZYSrnJBcBhbM9ygzyw=';

/** `spec.adapterOptions.talos` with the test PKI material and defaults. */
export const TEST_TALOS_OPTIONS: TalosAdapterOptionsInput = {
  machine: { token: TEST_TALOS_MACHINE_TOKEN, ca: TEST_TALOS_OS_CA },
  cluster: { id: TEST_TALOS_CLUSTER_ID, secret: TEST_TALOS_CLUSTER_SECRET },
};
