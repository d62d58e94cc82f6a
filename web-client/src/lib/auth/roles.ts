import { vocabulary, type Schemas } from '@/lib/api/vocabulary';

/** The roles of SPEC §4, as the API names them (checked against the document's enum). */
export const roles = vocabulary<Schemas['Role']>()(['admin', 'coordinator', 'officer', 'viewer', 'auditor', 'registry_admin']);
export type Role = (typeof roles)[number];

/** Clearance levels, lowest first: a record classified above a person's clearance does not exist for them. */
export const clearances = vocabulary<Schemas['Clearance']>()(['unclassified', 'confidential', 'secret', 'top-secret']);
export type Clearance = (typeof clearances)[number];

/** The levels up to and including `clearance`: what a person may grant or classify. */
export function clearancesUpTo(clearance: string | null | undefined): Clearance[] {
  const index = clearances.indexOf(clearance as Clearance);
  return clearances.slice(0, index < 0 ? 1 : index + 1);
}
