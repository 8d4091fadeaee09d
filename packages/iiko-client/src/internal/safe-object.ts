/**
 * Objects built from a server's answer, safe from prototype pollution (CWE-1321).
 *
 * An answer's element or key names are untrusted. Stored on an ordinary `{}`, the name `__proto__`
 * replaces the object's prototype instead of adding a field, and a read of `constructor` or `toString`
 * finds `Object.prototype`'s function when the answer has no such field. So every object a reader builds
 * has no prototype at all ({@link createSafeObject}), every read of a child is an own-property read, and
 * names that collide with `Object.prototype` are refused ({@link isReservedName}).
 *
 * Used by the XML reader; meant for every reader of an answer (the JSON endpoints too).
 */

/**
 * The names of `Object.prototype`'s members (`__proto__`, `constructor`, `toString`, `valueOf`,
 * `hasOwnProperty`, …), read from the running engine.
 *
 * They are refused as element or key names, not kept as data: iikoServer writes none of them, and kept as
 * data they would reach every consumer's own code — `Object.assign(target, record)` turns an own
 * `__proto__` field into a new prototype of `target`, and a naive deep merge of `constructor.prototype`
 * reaches `Object.prototype` itself.
 */
export const RESERVED_NAMES: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

/** Whether `name` is one of {@link RESERVED_NAMES}. */
export function isReservedName(name: string): boolean {
  return RESERVED_NAMES.has(name);
}

/**
 * A new object without a prototype: nothing can be inherited through it, and assigning any key, even
 * `__proto__`, only ever adds an own data property. `JSON.stringify`, object spread and `structuredClone`
 * treat it like `{}`.
 */
export function createSafeObject<T extends object = Record<string, unknown>>(): T {
  return Object.create(null) as T;
}

/** The own property `name` of `object`, never an inherited one. */
export function ownValue<T>(object: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.hasOwn(object, name) ? object[name] : undefined;
}
