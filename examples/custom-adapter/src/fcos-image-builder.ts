import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  ExternalToolError,
  type BuildArtifactV1,
  type BuildPlanV1,
  type ImageBuilderV1,
} from '@kubenode/core';
import { kubernetesRepository, layeredPackages } from './fcos-kubernetes-packages.js';

/**
 * A derived Fedora CoreOS image (an OCI image rebased onto with `rpm-ostree rebase`) with the
 * Kubernetes packages built in: the recipe is a Containerfile, built with podman when it exists.
 */
export function createFedoraCoreOsImageBuilder(adapterId: string, podman: string): ImageBuilderV1 {
  return {
    plan(pool): BuildPlanV1 {
      const stream = pool.spec.image.channel ?? 'stable';
      const containerfile = [
        `FROM quay.io/fedora/fedora-coreos:${stream}`,
        'COPY kubernetes.repo /etc/yum.repos.d/kubernetes.repo',
        `RUN rpm-ostree install ${layeredPackages(pool).join(' ')} && ostree container commit`,
        '',
      ].join('\n');
      const recipeFiles = [
        { path: 'Containerfile', contents: containerfile, mode: 0o644 },
        { path: 'kubernetes.repo', contents: kubernetesRepository(pool), mode: 0o644 },
      ];
      const imageId = createHash('sha256').update(JSON.stringify(recipeFiles)).digest('hex');
      return {
        distro: adapterId,
        kind: 'recipe',
        imageId,
        steps: [
          { id: 'write-recipe', description: 'write the Containerfile and the pkgs.k8s.io repository' },
          { id: 'build', description: 'podman build the derived image', tool: podman },
          { id: 'save', description: 'podman save it as an OCI archive', tool: podman },
        ],
        requiredTools: [
          { name: podman, debianPackage: 'podman', purpose: 'builds the derived Fedora CoreOS image' },
        ],
        outputs: [
          { name: 'Containerfile', format: 'recipe' },
          { name: 'fcos-kubernetes.oci.tar', format: 'oci-archive' },
        ],
        recipeFiles,
      };
    },

    async build(plan, options) {
      const artifacts: BuildArtifactV1[] = [];
      const record = (name: string, path: string) =>
        artifacts.push({
          name,
          path,
          sizeBytes: statSync(path).size,
          sha256: createHash('sha256').update(readFileSync(path)).digest('hex'),
          measure: name.endsWith('.tar') ? 'compressed artifact' : 'file',
        });
      for (const file of plan.recipeFiles) {
        const path = join(options.workdir, file.path);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, file.contents, { mode: file.mode });
        record(file.path, path);
      }
      const run = (args: string[], step: string) => {
        options.onProgress?.({ step, state: 'started' });
        const result = spawnSync(podman, args, {
          cwd: options.workdir,
          encoding: 'utf8',
          timeout: 3_600_000,
        });
        if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') {
          throw new ExternalToolError({ tool: podman, failure: 'missing', debianPackage: 'podman' });
        }
        if (result.status !== 0) {
          throw new ExternalToolError({
            tool: podman,
            failure: 'failed',
            exitCode: result.status ?? undefined,
            detail: (result.stderr ?? '').trim().split('\n').slice(-3).join(' '),
          });
        }
        options.onProgress?.({ step, state: 'finished' });
      };
      const tag = `localhost/kubenode-example-fcos:${plan.imageId?.slice(0, 12) ?? 'latest'}`;
      run(['build', '--tag', tag, '--file', 'Containerfile', '.'], 'build');
      run(['save', '--format', 'oci-archive', '--output', 'fcos-kubernetes.oci.tar', tag], 'save');
      record('fcos-kubernetes.oci.tar', join(options.workdir, 'fcos-kubernetes.oci.tar'));
      return {
        artifacts,
        notes: [
          `push ${tag} to a registry and rebase nodes onto it: rpm-ostree rebase ostree-unverified-registry:<ref>`,
        ],
      };
    },
  };
}
