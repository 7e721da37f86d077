import { describeAdapterFuzz } from './run/describe-adapter-fuzz.js';
import { gardenLinuxCloudInitSubject } from './subjects/gardenlinux-subjects.js';

describeAdapterFuzz(gardenLinuxCloudInitSubject, 'src/gardenlinux-cloud-init.fuzz.test.ts');
