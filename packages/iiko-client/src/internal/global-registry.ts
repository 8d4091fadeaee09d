/**
 * Process-wide registries live on `globalThis` under a registered symbol, so that two installed copies of
 * this package (a common result of dependency trees) still share one queue and one session per server —
 * the guarantees iiko's licence and concurrency rules need.
 */
export function processRegistry<V>(name: string): Map<string, V> {
  const symbol = Symbol.for(`getinn.iiko-client.${name}`);
  const holder = globalThis as unknown as Record<symbol, Map<string, V> | undefined>;
  return (holder[symbol] ??= new Map<string, V>());
}
