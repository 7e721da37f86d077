import { describeAdapterFuzz } from './run/describe-adapter-fuzz.js';
import { fcosSubject } from './subjects/fcos-subject.js';

describeAdapterFuzz(fcosSubject, 'src/fcos.fuzz.test.ts');
