/**
 * The map under `key` in `outer`, made on first use. Maps nested by part stand in for a composite key string:
 * the parts are strings the rows already hold, so a lookup hashes no new string.
 */
export function inner<K, K2, V>(outer: Map<K, Map<K2, V>>, key: K): Map<K2, V> {
  let map = outer.get(key);
  if (!map) outer.set(key, (map = new Map()));
  return map;
}
