import { createBottlerocket } from '@kubenode/bottlerocket';
import type { DistroAdapterV1 } from '@kubenode/core';
import { createDebian } from '@kubenode/debian';
import { createFlatcar } from '@kubenode/flatcar';
import { createGardenLinux } from '@kubenode/gardenlinux';
import { createK3os } from '@kubenode/k3os';
import { createTalos } from '@kubenode/talos';
import { createUbuntu } from '@kubenode/ubuntu';

/**
 * The first-party adapters the CLI registers, each from its package's factory, exactly as a
 * third party would register its own (`--adapter`).
 */
export function builtinAdapters(): DistroAdapterV1[] {
  return [
    createFlatcar(),
    createTalos(),
    createBottlerocket(),
    createK3os(),
    createDebian(),
    createUbuntu(),
    createGardenLinux(),
  ];
}
