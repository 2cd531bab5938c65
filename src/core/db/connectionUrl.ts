import { isIP } from 'node:net';
import { LensError } from '../errors';

const ENCODE_HINT =
  'Expected postgresql://user:password@host:5432/database?sslmode=require. Characters such as @ / ? # : in the user or password must be URL-encoded (@ → %40, / → %2F, ? → %3F, # → %23, : → %3A).';

/**
 * Parses a postgresql:// URL. Errors never echo the text: a malformed URL is exactly where a password ends up
 * where a redactor does not expect it (`user:p@ss@host`, `user:12/ab@host`), so they say what is wrong instead.
 */
export function parsePostgresUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new LensError(
      'usage',
      `Malformed connection string (not shown, as it may contain a password)${malformedReason(raw)}.`,
      ENCODE_HINT,
    );
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new LensError(
      'usage',
      `Unsupported connection string scheme "${url.protocol.replace(/[^a-z0-9+.-:]/gi, '')}".`,
      'Use a postgresql:// URL.',
    );
  }
  // An unencoded `/`, `?` or `#` in a password ends the host early: the rest of the password and the real host
  // then land in the path or fragment, and the part before it would be taken for a host and port.
  if (url.pathname.includes('@') || url.hash.includes('@')) {
    throw new LensError(
      'usage',
      'Malformed connection string (not shown, as it may contain a password): an "@" after the host part; the password probably contains an unencoded / ? or #.',
      ENCODE_HINT,
    );
  }
  return url;
}

/** What is wrong with a URL that did not parse, without quoting it. */
function malformedReason(raw: string): string {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(raw);
  if (!scheme) return ': it does not start with postgresql://';
  const authority = raw.slice(scheme[0].length).split(/[/?#]/, 1)[0];
  if ((authority.match(/@/g) ?? []).length > 1) {
    return ': it has more than one "@" before the host; the password probably contains an unencoded @';
  }
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  const port = /:([^:\]]*)$/.exec(hostPort)?.[1];
  if (port !== undefined && !(/^\d+$/.test(port) && Number(port) <= 65535)) return ': the port is not a number from 1 to 65535';
  return '';
}

/** This machine: `localhost`, a Unix socket path, 127.0.0.0/8 or ::1 (by address, never by name prefix). */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h.startsWith('/')) return true;
  switch (isIP(h)) {
    case 4:
      return h.startsWith('127.');
    case 6: {
      const normal = new URL(`http://[${h}]/`).hostname;
      return normal === '[::1]' || /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(normal);
    }
    default:
      return false;
  }
}
