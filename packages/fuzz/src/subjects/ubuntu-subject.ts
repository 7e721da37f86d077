import { createUbuntu } from '@kubenode/ubuntu';
import { debianFamilySubject } from './debian-family-subject.js';
import type { FuzzSubject } from './fuzz-subject.js';

/** Ubuntu: #cloud-config for current cloud-init, judged by Debian's cloud-init schema validator (22.4; newer keys pass as unknown top-level keys). */
export const ubuntuSubject: FuzzSubject = debianFamilySubject('ubuntu', () => createUbuntu());
