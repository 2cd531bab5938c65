import type { CbfProfile } from '../types';
import { lensProfile } from './lens';
import { ll2czProfile } from './ll2cz';
import type { ProfileSpec } from './profile';

export const PROFILES: Readonly<Record<CbfProfile, ProfileSpec>> = { lens: lensProfile, ll2cz: ll2czProfile };
export type { ProfileSpec, BuiltRow } from './profile';
