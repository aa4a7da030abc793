/** Canonical JSON: object keys sorted, so equal values hash equally whatever their key order. */

/**
 * JSON with object keys sorted, so equal plans hash equally whatever the key order in the YAML. Byte for byte what
 * `JSON.stringify` gives for the same value with its objects' keys sorted (toJSON honoured, undefined and functions
 * left out of objects and null in arrays), written in one walk without copying the objects.
 */
export function canonicalJson(value: unknown): string {
  // Top level as JSON.stringify: undefined (or a function) gives undefined.
  const out = write(value);
  return out as string;
}

function write(value: unknown): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'bigint':
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      return undefined;
  }
  const v = value as Record<string, unknown> & { toJSON?: unknown };
  if (typeof v.toJSON === 'function') return write((v.toJSON as () => unknown).call(v));
  if (Array.isArray(v)) {
    let s = '[';
    for (let i = 0; i < v.length; i++) {
      if (i > 0) s += ',';
      s += write(v[i]) ?? 'null';
    }
    return `${s}]`;
  }
  const keys = sortedKeys(v);
  let s = '{';
  let first = true;
  for (const k of keys) {
    const item = write(v[k]);
    if (item === undefined) continue;
    s += `${first ? '' : ','}${JSON.stringify(k)}:${item}`;
    first = false;
  }
  return `${s}}`;
}

const INDEX = /^(?:0|[1-9]\d*)$/;
const isIndex = (k: string) => INDEX.test(k) && Number(k) < 4294967295;

/**
 * The keys sorted, in the order an object built from them in that order lists them: array-index keys ("9", "10")
 * first in numeric order, then the others as sorted (the order hashes made so far used).
 */
function sortedKeys(v: object): string[] {
  const keys = Object.keys(v).sort();
  if (!keys.some(isIndex)) return keys;
  const index = keys.filter(isIndex).sort((a, b) => Number(a) - Number(b));
  return [...index, ...keys.filter((k) => !isIndex(k))];
}
