import type { SystemdUnitV1 } from '../../adapter/v1/systemd-unit-v1.js';
import { InvalidBuildInputError } from '../invalid-build-input-error.js';

/** The name of the unit {@link sysextReloadHook} renders. */
export const SYSEXT_RELOAD_HOOK_UNIT = 'kubenode-sysext-reload.service';

/**
 * The unit a host with systemd older than 255 needs so that units shipped inside system
 * extensions are loaded: after `systemd-sysext.service` has merged the images it runs
 * `systemctl daemon-reload`, then re-queues the targets (so `*.wants/` links shipped in an
 * extension take effect) and starts `startUnits`. Bound to `systemd-sysext.service`: enabling the
 * hook pulls the merge in, and when there is no extension to merge (its conditions fail) the hook
 * is skipped as well. Install it in the base image (not in an extension) and enable it.
 */
export function sysextReloadHook(options: { startUnits?: readonly string[] } = {}): SystemdUnitV1 {
  const units = [...new Set(options.startUnits ?? [])].sort();
  for (const unit of units) {
    if (!/^[A-Za-z0-9:_.@-]+\.(service|socket|timer|path|mount|target)$/.test(unit)) {
      throw new InvalidBuildInputError({
        path: `startUnits: ${JSON.stringify(unit)}`,
        expected: 'a systemd unit name such as containerd.service',
      });
    }
  }
  const lines = [
    '[Unit]',
    'Description=Load units shipped in system extensions (systemd < 255 does not reload after a merge)',
    'Documentation=man:systemd-sysext(8)',
    'DefaultDependencies=no',
    'BindsTo=systemd-sysext.service',
    'After=systemd-sysext.service',
    'Before=sysinit.target shutdown.target',
    'Conflicts=shutdown.target',
    '',
    '[Service]',
    'Type=oneshot',
    'RemainAfterExit=yes',
    'ExecStart=systemctl daemon-reload',
    'ExecStart=systemctl restart --no-block sockets.target timers.target multi-user.target',
    ...(units.length > 0 ? [`ExecStart=systemctl start --no-block ${units.join(' ')}`] : []),
    '',
    '[Install]',
    'WantedBy=sysinit.target',
    '',
  ];
  return {
    name: SYSEXT_RELOAD_HOOK_UNIT,
    contents: lines.join('\n'),
    enabled: true,
    mask: false,
    dropins: [],
  };
}
