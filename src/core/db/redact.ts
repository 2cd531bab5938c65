/** Keeps passwords out of every message, log line and exception text. */

/** User, then everything up to the token's *last* `@`: an unencoded `@` or `/` in a password must not end it early. */
const URL_PASSWORD = /(postgres(?:ql)?:\/\/[^:/?#@\s]*:)(\S*?)(@)(?=[^@\s]*(?:\s|$))/gi;
const KEYWORD_PASSWORD = /(password\s*=\s*)('[^']*'|\S+)/gi;

/** Replaces the password of a postgres URL (or URLs inside text) with `***`. */
export function redactUrl(text: string): string {
  return text.replace(URL_PASSWORD, '$1***$3').replace(KEYWORD_PASSWORD, '$1***');
}

/** Redacts URLs and every literal secret (raw and URL-encoded) from a text. */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = redactUrl(text);
  for (const secret of secrets) {
    if (!secret || secret.length < 3) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) {
      out = out.split(form).join('***');
    }
  }
  return out;
}
