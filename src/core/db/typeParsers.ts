import pg from 'pg';

/**
 * LiteLLM stores UTC instants in `timestamp without time zone`; pg would parse them as local time.
 * Keep them as ISO strings with `Z` so nothing depends on the machine's TZ. int8 counters become numbers
 * (token and request counts stay far below 2^53); numeric stays a string so sums keep every digit.
 */
export const lensTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    switch (oid) {
      case 1114: // timestamp
        return (v: string) => `${v.replace(' ', 'T')}${v.includes('.') ? '' : '.000'}Z`.replace(/(\.\d{3})\d*Z$/, '$1Z');
      case 20: // int8
        return (v: string) => Number(v);
      case 1082: // date
        return (v: string) => v;
      default:
        return pg.types.getTypeParser(oid, format);
    }
  },
} as unknown as pg.CustomTypesConfig;
