import type { components, operations } from '@/lib/api/schema';

/** The schemas of the API document (generated into schema.d.ts by `npm run gen:api`). */
export type Schemas = components['schemas'];

/** The query values an operation of the API document takes. */
export type Query<O extends keyof operations> = NonNullable<operations[O]['parameters']['query']>;

type Exhaustive<T, V extends readonly T[]> = [Exclude<T, V[number]>] extends [never] ? V : { missing: Exclude<T, V[number]> };

/**
 * The values of a vocabulary the API document declares as an enum (generated from its one C# definition), in the
 * order the SPA shows them. Compiling fails when the list holds a value the document does not, or lacks one it does:
 * `vocabulary<Schemas['Task']['kind']>()(['one_off', 'recurring', 'continuous'])`.
 */
export function vocabulary<T extends string>() {
  return <const V extends readonly T[]>(values: V & Exhaustive<T, V>): V => values;
}
