import type { LensDatabase } from '../db/database';
import type { Capabilities } from '../schema/capabilities';
import { readDateClock } from '../schema/dataRange';
import type { DateClock } from './relativeDate';
import type { Analysis } from './types';

/** The clock an analysis's relative dates resolve against; the database is asked only when it has date parameters. */
export function analysisClock(db: LensDatabase, caps: Capabilities, analysis: Analysis, signal?: AbortSignal): Promise<DateClock> {
  return analysis.params.some((p) => p.type === 'date') ? readDateClock(db, caps, signal) : Promise.resolve({ now: new Date() });
}
