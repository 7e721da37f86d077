import { bottlerocketSubject } from './bottlerocket-subject.js';
import { debianSubject } from './debian-subject.js';
import { fcosSubject } from './fcos-subject.js';
import { flatcarSubject } from './flatcar-subject.js';
import type { FuzzSubject } from './fuzz-subject.js';
import {
  gardenLinuxCloudInitSubject,
  gardenLinuxGardenerSubject,
  gardenLinuxIgnitionSubject,
} from './gardenlinux-subjects.js';
import { k3osSubject } from './k3os-subject.js';
import { talosSubject } from './talos-subject.js';
import { ubuntuSubject } from './ubuntu-subject.js';

/** Every adapter setup the fuzz tests and the corpus run (one per built-in adapter and output flavour, plus the example adapter). */
export const ALL_SUBJECTS: readonly FuzzSubject[] = [
  bottlerocketSubject,
  debianSubject,
  fcosSubject,
  flatcarSubject,
  gardenLinuxCloudInitSubject,
  gardenLinuxGardenerSubject,
  gardenLinuxIgnitionSubject,
  k3osSubject,
  talosSubject,
  ubuntuSubject,
];
