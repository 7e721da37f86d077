import { describe, expect, it } from 'vitest';
import { kubernetesSysextLayout, renderKubernetesSysupdate } from './kubernetes-sysext.js';

describe('kubernetesSysextLayout', () => {
  it('names the image, its URL without the base URL’s trailing slashes, and the minor', () => {
    const layout = kubernetesSysextLayout('1.32.4', 'amd64', 'https://example.com/ext//');
    expect(layout).toEqual({
      fileName: 'kubernetes-v1.32.4-x86-64.raw',
      imagePath: '/opt/extensions/kubernetes/kubernetes-v1.32.4-x86-64.raw',
      linkPath: '/etc/extensions/kubernetes.raw',
      imageUrl: 'https://example.com/ext/kubernetes-v1.32.4-x86-64.raw',
      sysupdatePath: '/etc/sysupdate.kubernetes.d/kubernetes-v1.32.conf',
      minor: '1.32',
    });
    expect(kubernetesSysextLayout('1.33.0', 'arm64', 'https://example.com').imageUrl).toBe(
      'https://example.com/kubernetes-v1.33.0-arm64.raw',
    );
  });

  it('takes the minor as the first two dot-separated parts', () => {
    const minors = Object.fromEntries(
      ['1.32.4', '1.32', '1', '1.32.4.5', '.5.6', '1..2'].map((version) => [
        version,
        kubernetesSysextLayout(version, 'amd64', 'https://e').minor,
      ]),
    );
    expect(minors).toEqual({
      '1.32.4': '1.32',
      '1.32': '1.32',
      '1': '1',
      '1.32.4.5': '1.32',
      '.5.6': '.5',
      '1..2': '1.',
    });
  });

  it('writes the sysupdate source path without trailing slashes, specifiers escaped', () => {
    const base = 'https://example.com/a%20b///';
    const text = renderKubernetesSysupdate(kubernetesSysextLayout('1.32.4', 'amd64', base), base);
    expect(text).toContain('\nPath=https://example.com/a%%20b/kubernetes/\n');
    expect(text).toContain('\nMatchPattern=kubernetes-v1.32.@v-%a.raw\n');
  });
});
