import type { z } from 'zod';

interface LooseDef {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: readonly z.ZodType[];
}

function defOf(schema: z.ZodType): LooseDef {
  return (schema as unknown as { _zod: { def: LooseDef } })._zod.def;
}

/** Removes wrappers (optional, default, nullable, pipe input side, ...) around a schema. */
export function unwrapSchema(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (let depth = 0; depth < 32; depth++) {
    const def = defOf(current);
    if (
      def.innerType &&
      ['optional', 'default', 'nullable', 'prefault', 'catch', 'readonly', 'nonoptional'].includes(def.type)
    ) {
      current = def.innerType;
    } else if (def.type === 'pipe' && def.in) {
      const inner = defOf(def.in);
      current = inner.type === 'transform' && def.out ? def.out : def.in;
    } else {
      return current;
    }
  }
  return current;
}

/** The object schema's known keys, or undefined when the schema is not an object. */
export function objectKeysOf(schema: z.ZodType): string[] | undefined {
  const def = defOf(unwrapSchema(schema));
  return def.type === 'object' && def.shape ? Object.keys(def.shape) : undefined;
}

/** Follows a JSON path through object shapes, arrays and records; undefined where it cannot. */
export function schemaAtPath(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType | undefined {
  let current: z.ZodType | undefined = schema;
  for (const segment of path) {
    if (!current) return undefined;
    const def = defOf(unwrapSchema(current));
    if (def.type === 'object' && def.shape && typeof segment === 'string') current = def.shape[segment];
    else if (def.type === 'array' && def.element) current = def.element;
    else if (def.type === 'record' && def.valueType) current = def.valueType;
    else return undefined;
  }
  return current;
}
