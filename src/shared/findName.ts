/**
 * Resolves what a user typed to one name of a list: an exact match always wins (`top-users` must not pick
 * `top-users-by-team`), then one match ignoring case and a `LiteLLM_` prefix, then one name containing the
 * text. Returns the name, or every candidate when the text is ambiguous (none when nothing matches).
 */
export function findName(names: readonly string[], typed: string): string | string[] {
  const query = typed.trim();
  if (names.includes(query)) return query;
  const bare = (s: string) => s.toLowerCase().replace(/^litellm_/, '');
  const q = bare(query);
  for (const candidates of [
    names.filter((n) => bare(n) === q),
    names.filter((n) => bare(n).startsWith(q)),
    names.filter((n) => n.toLowerCase().includes(query.toLowerCase())),
  ]) {
    if (candidates.length === 1) return candidates[0];
    if (candidates.length > 1) return candidates;
  }
  return [];
}

/** The one item whose id is exactly `typed` (ignoring surrounding spaces), or every item (pickers). */
export function narrowToExact<T>(items: readonly T[], idOf: (item: T) => string, typed: string): readonly T[] {
  const exact = items.find((i) => idOf(i) === typed.trim());
  return exact ? [exact] : items;
}
