import type { Capabilities } from '../../schema/capabilities';
import type { ProfileSpec } from '../profiles/profile';
import type { CbfSelection } from '../types';
import { dailyPlan } from './daily';
import { logsPlan } from './logs';
import type { SourcePlan } from './plan';

/** The query for a selection on this database; throws LensError('schema') naming every missing table/column. */
export function planSource(caps: Capabilities, selection: CbfSelection, profile: ProfileSpec): SourcePlan {
  const { source } = selection;
  return source === 'logs' ? logsPlan(caps, selection, profile) : dailyPlan(caps, { ...selection, source }, profile);
}
export type { SourcePlan } from './plan';
export { DAILY_TABLES } from './daily';
