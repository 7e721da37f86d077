import { describeAdapterFuzz } from './run/describe-adapter-fuzz.js';
import { gardenLinuxIgnitionSubject } from './subjects/gardenlinux-subjects.js';

describeAdapterFuzz(gardenLinuxIgnitionSubject, 'src/gardenlinux-ignition.fuzz.test.ts');
