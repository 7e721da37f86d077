import { describeAdapterFuzz } from './run/describe-adapter-fuzz.js';
import { debianSubject } from './subjects/debian-subject.js';

describeAdapterFuzz(debianSubject, 'src/debian.fuzz.test.ts');
