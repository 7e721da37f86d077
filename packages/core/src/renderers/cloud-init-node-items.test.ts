import { stringifyCloudConfig, type CloudConfigInput } from 'cloud-init-yaml';
import { describe, expect, it } from 'vitest';
import { osFile } from '../adapter/v1/os-file-v1.js';
import { cloudInitSchema, cloudInitWrittenFiles } from '../test-support/cloud-init-schema.js';
import { pool } from '../test-support/fixtures.js';
import { cloudInitUser, cloudInitWriteFile, systemdUnitFiles } from './cloud-init-node-items.js';

describe('cloud-init node items', () => {
  it('write_files items reach the file byte for byte through cloud-init, deferred when not root-owned', () => {
    const files = [
      osFile('/etc/motd', 'yes'),
      osFile('/etc/app/crlf.conf', 'a=1\r\nb=2\r\n'),
      osFile('/etc/app/blob', 'AAECAwT/', { encoding: 'base64', mode: 0o600 }),
      osFile('/etc/app/owned.conf', 'x\n', { owner: 'root', group: 'adm', mode: 0o640 }),
    ];
    const items = files.map((file) => cloudInitWriteFile(file));
    expect(items.map((item) => item.defer ?? false)).toEqual([false, false, false, true]);
    expect(cloudInitWriteFile(files[0]!, { defer: true }).defer).toBe(true);
    const text = stringifyCloudConfig({ write_files: items } as CloudConfigInput);
    expect(cloudInitSchema(text).status).toBe(0);
    const written = cloudInitWrittenFiles(text);
    expect(Buffer.from(written['/etc/motd']!.content, 'base64').toString()).toBe('yes');
    expect(Buffer.from(written['/etc/app/crlf.conf']!.content, 'base64').toString()).toBe('a=1\r\nb=2\r\n');
    expect(written['/etc/app/blob']).toEqual({ content: 'AAECAwT/', mode: 0o600, owner: 'root:root' });
    expect(written['/etc/app/owned.conf']).toMatchObject({ mode: 0o640, owner: 'root:adm' });
  });

  it('unit files: the unit, then its drop-ins, under /etc/systemd/system', () => {
    expect(
      systemdUnitFiles([
        {
          name: 'a.service',
          contents: '[Service]\n',
          mask: false,
          dropins: [{ name: '10.conf', contents: 'x' }],
        },
        { name: 'b.service', mask: false, dropins: [{ name: '20.conf', contents: 'y' }] },
      ]).map((file) => [file.path, file.contents, file.mode]),
    ).toEqual([
      ['/etc/systemd/system/a.service', '[Service]\n', 0o644],
      ['/etc/systemd/system/a.service.d/10.conf', 'x', 0o644],
      ['/etc/systemd/system/b.service.d/20.conf', 'y', 0o644],
    ]);
  });

  it('users: locked unless a password hash is given', () => {
    const { users } = pool({
      os: {
        users: [
          {
            name: 'ops',
            sshAuthorizedKeys: [
              'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx5Uuf4bqLc0dHHG2bm8b1SnTCzsK9kOuIuVnDQ8sfQ ops',
            ],
            groups: ['sudo'],
            shell: '/bin/bash',
          },
          { name: 'console', passwordHash: '$6$salt$hash' },
        ],
      },
    }).spec.os;
    expect(users.map(cloudInitUser)).toEqual([
      {
        name: 'ops',
        groups: ['sudo'],
        shell: '/bin/bash',
        lock_passwd: true,
        ssh_authorized_keys: [
          'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx5Uuf4bqLc0dHHG2bm8b1SnTCzsK9kOuIuVnDQ8sfQ ops',
        ],
      },
      { name: 'console', lock_passwd: false, hashed_passwd: '$6$salt$hash' },
    ]);
    const text = stringifyCloudConfig({ users: users.map(cloudInitUser) } as CloudConfigInput);
    expect(cloudInitSchema(text).status).toBe(0);
  });
});
