import { createDebian } from '@kubenode/debian';
import { debianFamilySubject } from './debian-family-subject.js';
import type { FuzzSubject } from './fuzz-subject.js';

/** Debian: #cloud-config for cloud-init 22.4, judged by Debian's own cloud-init schema validator. */
export const debianSubject: FuzzSubject = debianFamilySubject('debian', () => createDebian());
