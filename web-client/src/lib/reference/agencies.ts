import { useQueries, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api/client';
import { unwrap } from '@/lib/api/problem';
import type { components } from '@/lib/api/schema';
import { useLocalized } from '@/lib/i18n/localize';

// Reference data shared by every feature: the agencies and their unit trees. They change rarely, so each is
// fetched once under one query key and kept for an hour; every picker and label reads the same cache entry.

export type Agency = components['schemas']['Agency'];
export type UnitNode = components['schemas']['UnitNode'];

/** A unit taken out of its tree for a picker or a label: its agency and its depth (0 for a root) kept. */
export interface UnitOption {
  code: string;
  nameVi: string;
  nameEn: string;
  tier: components['schemas']['UnitTier'];
  agencyCode: string;
  depth: number;
}

const referenceStaleTime = 60 * 60_000;

export const referenceKeys = {
  agencies: ['agencies'] as const,
  units: (agencyCode: string) => ['agencies', agencyCode, 'units'] as const,
};

function unitTreeQuery(agencyCode: string) {
  return {
    queryKey: referenceKeys.units(agencyCode),
    queryFn: async ({ signal }: { signal: AbortSignal }) =>
      unwrap(await api.GET('/api/v1/agencies/{code}/units', { params: { path: { code: agencyCode } }, signal })),
    staleTime: referenceStaleTime,
  };
}

/** The units of a tree in tree order (each parent before its children), with their depth. */
export function flattenUnits(nodes: readonly UnitNode[], agencyCode: string, depth = 0): UnitOption[] {
  return nodes.flatMap((node) => [
    { code: node.code, nameVi: node.nameVi, nameEn: node.nameEn, tier: node.tier, agencyCode, depth },
    ...flattenUnits(node.children, agencyCode, depth + 1),
  ]);
}

/** Every agency the person may see. */
export function useAgencies() {
  return useQuery({
    queryKey: referenceKeys.agencies,
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/agencies', { signal })),
    staleTime: referenceStaleTime,
  });
}

/** The unit tree of one agency as the API gives it (roots, then their children), from the same cache entry. */
export function useUnitTree(agencyCode: string) {
  return useQuery(unitTreeQuery(agencyCode));
}

/** The units of one agency, flattened; waits while the agency is not known yet. */
export function useAgencyUnits(agencyCode: string | undefined) {
  const code = agencyCode ?? '';
  return useQuery({
    ...unitTreeQuery(code),
    enabled: code !== '',
    select: (tree: UnitNode[]) => flattenUnits(tree, code),
  });
}

/** The units of the given agencies, flattened, agency by agency in the order given. */
export function useUnits(agencyCodes: readonly string[]) {
  const trees = useQueries({ queries: agencyCodes.map(unitTreeQuery) });
  return {
    units: trees.flatMap((tree, i) => (tree.data ? flattenUnits(tree.data, agencyCodes[i]!) : [])),
    isPending: trees.some((tree) => tree.isPending),
    error: trees.find((tree) => tree.error)?.error ?? null,
  };
}

/** Every agency the person may see and all their units, for the unit pickers. */
export function useAllUnits() {
  const agencies = useAgencies();
  const units = useUnits(agencies.data?.map((a) => a.code) ?? []);
  return {
    agencies: agencies.data ?? [],
    units: units.units,
    isPending: agencies.isPending || units.isPending,
    error: agencies.error ?? units.error,
  };
}

/** A unit as a picker shows it: indented under its parent (roots flush), "CODE — name" in the UI language. */
export function useUnitLabel(): (unit: UnitOption) => string {
  const { pick } = useLocalized();
  return (u) => `${'\u00a0\u00a0'.repeat(Math.max(0, u.depth - 1))}${u.code} — ${pick(u.nameVi, u.nameEn).text ?? ''}`;
}
