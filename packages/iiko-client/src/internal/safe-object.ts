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

/**
 * The prototype of the objects {@link createInertObject} makes: empty, frozen, itself without a prototype.
 * An object built on it inherits nothing, exactly like one without a prototype.
 */
const INERT_PROTOTYPE: object = Object.freeze(Object.create(null) as object);

/**
 * A new object that inherits nothing, like {@link createSafeObject}'s, but cheap to fill: V8 keeps an object
 * without any prototype in dictionary mode, where each field costs a hash-table insert (the XML reader
 * spent 1.3–1.7× as long building records that way), while an object whose prototype is an empty frozen
 * object without a prototype gets fast, shape-based fields. Nothing is inherited through it either, and
 * assigning `__proto__` adds an own data property. Only for objects that stay inside the client: before
 * one reaches a caller, {@link withoutPrototypes} gives it no prototype at all.
 */
export function createInertObject<T extends object = Record<string, unknown>>(): T {
  return Object.create(INERT_PROTOTYPE) as T;
}

/**
 * `value` with every object made by {@link createInertObject} inside it (through plain objects and arrays,
 * as a zod output holds them) turned into an object without a prototype, so what a caller receives
 * matches {@link createSafeObject}'s promise. Returns `value`; the walk is bounded by the reader's depth limit.
 */
export function withoutPrototypes<T>(value: T): T {
  if (typeof value === 'object' && value !== null) clearInert(value);
  return value;
}

function clearInert(value: object): void {
  if (Array.isArray(value)) {
    for (const item of value as unknown[]) if (typeof item === 'object' && item !== null) clearInert(item);
    return;
  }
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype === INERT_PROTOTYPE) Object.setPrototypeOf(value, null);
  else if (prototype !== Object.prototype && prototype !== null) return;
  // Own keys only: an enumerable member someone added to Object.prototype must not be walked into.
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    if (typeof item === 'object' && item !== null) clearInert(item);
  }
}
