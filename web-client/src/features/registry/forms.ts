import { z } from 'zod';
import { clearances } from '@/lib/auth/roles';
import { choice, message, optionalText, requiredText } from '@/lib/forms/schema';
import { vocabulary, type Schemas } from '@/lib/api/vocabulary';
import type { Agency, AgencyRequest, FirstAdminRequest, Person, PersonRequest, Unit, UnitRequest } from './api/registry';

// The registry forms' schemas, with the bounds of AgencyRequest, UnitRequest, PersonRequest and FirstAdminRequest
// (forms.test.ts compares them with api/openapi/v1.json). One schema per entity serves create and edit: on edit the
// code or key is shown but cannot be changed, as the API refuses a changed one.

/** The tiers of a unit tree, from the top (SPEC §2: same-level coordination pairs units of one tier). */
export const unitTiers = vocabulary<Schemas['UnitTier']>()(['ministry', 'department', 'division', 'provincial']);

/** The tiers a unit under another may take: the ministry tier is the agency's root only. */
export const childTiers = unitTiers.filter((tier) => tier !== 'ministry');

const code = z
  .string()
  .max(32, message('tooLong', { max: 32 }))
  .regex(/^[A-Z0-9][A-Z0-9-]{1,31}$/, message('code'));

const name = requiredText(400);

export const agencySchema = z.object({ code, nameVi: name, nameEn: name, active: z.boolean() });
export type AgencyValues = z.input<typeof agencySchema>;

export const unitSchema = z.object({
  code,
  agencyCode: requiredText(32),
  parentCode: optionalText(32),
  tier: choice(unitTiers),
  nameVi: name,
  nameEn: name,
  active: z.boolean(),
});
export type UnitValues = z.input<typeof unitSchema>;

export const personSchema = z.object({
  key: z
    .string()
    .max(100, message('tooLong', { max: 100 }))
    .regex(/^[a-z0-9][a-z0-9._-]{0,99}$/, message('personKey')),
  fullName: requiredText(200),
  rankVi: optionalText(100),
  rankEn: optionalText(100),
  positionVi: optionalText(400),
  positionEn: optionalText(400),
  agencyCode: requiredText(32),
  unitCode: optionalText(32),
  active: z.boolean(),
});
export type PersonValues = z.input<typeof personSchema>;

export const firstAdminSchema = z.object({
  username: z
    .string()
    .max(50, message('tooLong', { max: 50 }))
    .regex(/^[a-z0-9._-]{3,50}$/, message('username')),
  displayName: requiredText(200),
  unitCode: optionalText(32),
  clearance: choice(clearances),
  password: z
    .string()
    .min(10, message('tooShort', { min: 10 }))
    .max(200, message('tooLong', { max: 200 })),
});
export type FirstAdminValues = z.input<typeof firstAdminSchema>;

/** Empty optional text is sent as absent, not as "". */
const optional = (value: string) => (value.trim() === '' ? undefined : value.trim());

export const emptyAgency: AgencyValues = { code: '', nameVi: '', nameEn: '', active: true };

export function agencyToForm(agency: Agency): AgencyValues {
  return { code: agency.code, nameVi: agency.nameVi, nameEn: agency.nameEn, active: agency.active };
}

export function toAgencyRequest(values: AgencyValues): AgencyRequest {
  return { code: values.code.trim(), nameVi: values.nameVi.trim(), nameEn: values.nameEn.trim(), active: values.active };
}

export function emptyUnit(agencyCode: string, parentCode: string): UnitValues {
  return { code: '', agencyCode, parentCode, tier: parentCode === agencyCode ? 'department' : 'division', nameVi: '', nameEn: '', active: true };
}

export function unitToForm(unit: Unit): UnitValues {
  return {
    code: unit.code,
    agencyCode: unit.agencyCode,
    parentCode: unit.parentCode ?? '',
    tier: unit.tier,
    nameVi: unit.nameVi,
    nameEn: unit.nameEn,
    active: unit.active,
  };
}

export function toUnitRequest(values: UnitValues, id?: number): UnitRequest {
  const parentCode = optional(values.parentCode);
  return {
    ...(id ? { id } : {}),
    code: values.code.trim(),
    agencyCode: values.agencyCode,
    ...(parentCode ? { parentCode } : {}),
    tier: values.tier,
    nameVi: values.nameVi.trim(),
    nameEn: values.nameEn.trim(),
    active: values.active,
  };
}

export function emptyPerson(agencyCode: string): PersonValues {
  return { key: '', fullName: '', rankVi: '', rankEn: '', positionVi: '', positionEn: '', agencyCode, unitCode: '', active: true };
}

export function personToForm(person: Person): PersonValues {
  return {
    key: person.key,
    fullName: person.fullName,
    rankVi: person.rankVi,
    rankEn: person.rankEn,
    positionVi: person.positionVi,
    positionEn: person.positionEn,
    agencyCode: person.agencyCode,
    unitCode: person.unitCode ?? '',
    active: person.active,
  };
}

export function toPersonRequest(values: PersonValues, id?: number): PersonRequest {
  const texts = (['rankVi', 'rankEn', 'positionVi', 'positionEn', 'unitCode'] as const).flatMap((field) => {
    const value = optional(values[field]);
    return value ? [[field, value] as const] : [];
  });
  return {
    ...(id ? { id } : {}),
    key: values.key.trim(),
    fullName: values.fullName.trim(),
    agencyCode: values.agencyCode,
    active: values.active,
    ...Object.fromEntries(texts),
  };
}

export function emptyFirstAdmin(agencyCode: string): FirstAdminValues {
  return { username: `${agencyCode.toLowerCase()}.admin`, displayName: '', unitCode: agencyCode, clearance: 'unclassified', password: '' };
}

export function toFirstAdminRequest(values: FirstAdminValues): FirstAdminRequest {
  const unitCode = optional(values.unitCode);
  return {
    username: values.username.trim(),
    displayName: values.displayName.trim(),
    ...(unitCode ? { unitCode } : {}),
    clearance: values.clearance,
    password: values.password,
  };
}
