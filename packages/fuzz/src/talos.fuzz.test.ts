import { describeAdapterFuzz } from './run/describe-adapter-fuzz.js';
import { talosSubject } from './subjects/talos-subject.js';

describeAdapterFuzz(talosSubject, 'src/talos.fuzz.test.ts');
