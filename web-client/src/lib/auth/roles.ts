/** The roles of SPEC §4, as the API names them. */
export const roles = ['admin', 'coordinator', 'officer', 'viewer', 'auditor'] as const;
export type Role = (typeof roles)[number];

/** Clearance levels, lowest first: a record classified above a person's clearance does not exist for them. */
export const clearances = ['unclassified', 'confidential', 'secret', 'top-secret'] as const;
export type Clearance = (typeof clearances)[number];

/** The levels up to and including `clearance`: what a person may grant or classify. */
export function clearancesUpTo(clearance: string | null | undefined): Clearance[] {
  const index = clearances.indexOf(clearance as Clearance);
  return clearances.slice(0, index < 0 ? 1 : index + 1);
}
