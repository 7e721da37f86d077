import { describeAdapterFuzz } from './run/describe-adapter-fuzz.js';
import { bottlerocketSubject } from './subjects/bottlerocket-subject.js';

describeAdapterFuzz(bottlerocketSubject, 'src/bottlerocket.fuzz.test.ts');
