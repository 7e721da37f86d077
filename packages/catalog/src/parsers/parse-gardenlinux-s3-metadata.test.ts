import { describe, expect, it } from 'vitest';
import { readVector, vectorContext } from '../test-support/vectors.js';
import { parseGardenLinuxS3Metadata, SHA256_OF_EMPTY_INPUT } from './parse-gardenlinux-s3-metadata.js';

const parse = (flavor: string) => {
  const file = `gardenlinux/${flavor}-gardener_prod-amd64-1877.3.s3_metadata.yaml`;
  return parseGardenLinuxS3Metadata(
    readVector(file),
    vectorContext(`gardenlinux/s3-${flavor}-gardener_prod-amd64`, file),
  );
};

describe('parseGardenLinuxS3Metadata', () => {
  it('reads the AWS flavor: version, commit, features and 21 regional AMIs', () => {
    const { build } = parse('aws');
    expect(build).toMatchObject({
      cname: 'aws-gardener_prod-amd64',
      version: '1877.3',
      major: 1877,
      platform: 'aws',
      architecture: 'amd64',
      commit: '75df9f401a842914563f312899ec3ce34b24515c',
      buildTimestamp: '2025-09-08T11:13:13.957549',
      secureBoot: false,
      requireUefi: false,
    });
    expect(build.modifiers).toEqual(expect.arrayContaining(['_nopkg', '_prod', 'gardener', 'ssh', 'aws']));
    expect(build.cloudImages).toHaveLength(21);
    const ami = (region: string) => build.cloudImages.find((image) => image.region === region)?.id;
    expect(ami('us-east-1')).toBe('ami-055a0ce37433fcdee');
    expect(ami('eu-central-1')).toBe('ami-0198822fa7d539f8c');
    expect(ami('cn-northwest-1')).toBe('ami-05e1cc73d997d67b7');
    expect(build.cloudImages[0]!.source.field).toBe(
      'published_image_metadata.published_aws_images[0].ami_id',
    );
  });

  it('flags the sanitised digests (SHA-256 of empty input) on every artifact', () => {
    const { build, issues } = parse('aws');
    expect(build.artifacts).toHaveLength(12);
    const raw = build.artifacts.find((artifact) => artifact.name.endsWith('.raw'))!;
    expect(raw).toMatchObject({
      name: 'aws-gardener_prod-amd64-1877.3-75df9f40.raw',
      location:
        's3://gardenlinux-github-releases/objects/aws-gardener_prod-amd64-1877.3-75df9f40/aws-gardener_prod-amd64-1877.3-75df9f40.raw',
      digests: { md5: 'fcc91411ef66be74a825cc77bbffc4c6', sha256: SHA256_OF_EMPTY_INPUT },
      digestIssues: ['sha256sum is the SHA-256 of empty input'],
    });
    expect(build.artifacts.every((artifact) => artifact.digestIssues.length === 1)).toBe(true);
    expect(issues.map((issue) => issue.message)).toEqual([
      '12 of 12 artifacts list the digest of empty input; those digests cannot verify a download',
    ]);
  });

  it('reads the GCP flavor: image name and project', () => {
    const { build } = parse('gcp');
    expect(build.cname).toBe('gcp-gardener_prod-amd64');
    expect(build.cloudImages).toEqual([
      expect.objectContaining({
        provider: 'gcp',
        id: 'gardenlinux-gcp-ff804026cbe7b5f2d6f729e4-1877-3-75df9f40',
        project: 'sap-se-gcp-gardenlinux',
      }),
    ]);
  });

  it('rejects metadata without a commit or with an unknown architecture', () => {
    const text = readVector('gardenlinux/gcp-gardener_prod-amd64-1877.3.s3_metadata.yaml');
    const context = vectorContext('gardenlinux/test', 'inline');
    expect(() =>
      parseGardenLinuxS3Metadata(text.replace('architecture: amd64', 'architecture: s390x'), context),
    ).toThrow(/architecture: expected amd64 or arm64; got 's390x'/);
    expect(() =>
      parseGardenLinuxS3Metadata(text.replace(/build_committish: \w+/, 'build_committish: main'), context),
    ).toThrow(/build_committish: expected a 40-digit commit id/);
  });
});
