import { describeAdapterFuzz } from './run/describe-adapter-fuzz.js';
import { ubuntuSubject } from './subjects/ubuntu-subject.js';

describeAdapterFuzz(ubuntuSubject, 'src/ubuntu.fuzz.test.ts');
