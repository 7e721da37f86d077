import { describeAdapterFuzz } from './run/describe-adapter-fuzz.js';
import { flatcarSubject } from './subjects/flatcar-subject.js';

describeAdapterFuzz(flatcarSubject, 'src/flatcar.fuzz.test.ts');
