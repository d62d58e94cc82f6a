/** The roles that keep the register: a registry admin for every agency, an admin for their own agency's units and persons. */
export const registryRoles = ['registry_admin', 'admin'] as const;

interface Caller {
  roles: readonly string[];
  agencyCode: string;
}

/** Adding, renaming and retiring agencies and giving a new one its first admin: a registry admin only. */
export function mayManageAgencies(me: Caller | null | undefined): boolean {
  return Boolean(me?.roles.includes('registry_admin'));
}

/** The units and persons of an agency: a registry admin, or an admin of that agency (the API decides the same). */
export function mayManageMembers(me: Caller | null | undefined, agencyCode: string): boolean {
  if (!me) return false;
  return me.roles.includes('registry_admin') || (me.roles.includes('admin') && me.agencyCode === agencyCode);
}
