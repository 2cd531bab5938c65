/**
 * A deterministic pseudo-random sequence for test data: Park–Miller's minimal standard generator, whose product
 * stays below 2^53, so every step is exact in doubles (an LCG whose product exceeds 2^53 loses bits and can fall
 * into a short cycle). Returns an index below `n`.
 */
export function seededIndex(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 48271) % 2147483647;
    return state % n;
  };
}
