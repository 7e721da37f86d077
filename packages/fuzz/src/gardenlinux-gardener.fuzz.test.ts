import { describeAdapterFuzz } from './run/describe-adapter-fuzz.js';
import { gardenLinuxGardenerSubject } from './subjects/gardenlinux-subjects.js';

describeAdapterFuzz(gardenLinuxGardenerSubject, 'src/gardenlinux-gardener.fuzz.test.ts');
