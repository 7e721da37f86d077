import { describeAdapterFuzz } from './run/describe-adapter-fuzz.js';
import { k3osSubject } from './subjects/k3os-subject.js';

describeAdapterFuzz(k3osSubject, 'src/k3os.fuzz.test.ts');
