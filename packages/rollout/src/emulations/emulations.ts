import { brupopEmulation } from './brupop-emulation.js';
import type { EmulationId, PolicyEmulation } from './policy-emulation.js';
import { fluoEmulation } from './fluo-emulation.js';
import { kuredEmulation } from './kured-emulation.js';
import { sucEmulation } from './suc-emulation.js';

/** The emulations of other tools' defaults, by id. */
export const EMULATIONS: Readonly<Record<EmulationId, PolicyEmulation>> = {
  kured: kuredEmulation,
  fluo: fluoEmulation,
  brupop: brupopEmulation,
  suc: sucEmulation,
};
