import pg from 'pg';

/**
 * LiteLLM stores UTC instants in `timestamp without time zone`; pg would parse them as local time.
 * Keep them as ISO strings with `Z` so nothing depends on the machine's TZ. int8 counters become numbers
 * (token and request counts stay far below 2^53); numeric stays a string so sums keep every digit.
 */
/** `2026-10-01 12:34:56.7` -> `2026-10-01T12:34:56.700Z` (always millisecond precision). */
function toIsoUtc(v: string): string {
  const [date, time] = v.split(' ');
  const [hms, fraction = ''] = time.split('.');
  return `${date}T${hms}.${fraction.padEnd(3, '0').slice(0, 3)}Z`;
}

export const lensTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    switch (oid) {
      case 1114: // timestamp
        return toIsoUtc;
      case 20: // int8
        return (v: string) => Number(v);
      case 1082: // date
        return (v: string) => v;
      default:
        return pg.types.getTypeParser(oid, format);
    }
  },
} as unknown as pg.CustomTypesConfig;
