import { describe, expect, it } from 'vitest';
import { boundDifferences } from '@/testing/openapiBounds';
import { mayManageAgencies, mayManageMembers } from './access';
import {
  agencySchema,
  emptyPerson,
  emptyUnit,
  firstAdminSchema,
  personSchema,
  toFirstAdminRequest,
  toPersonRequest,
  toUnitRequest,
  unitSchema,
  unitToForm,
} from './forms';

const messages = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  Object.fromEntries((result.error?.issues ?? []).map((issue) => [issue.path.join('.'), issue.message]));

describe('the registry form schemas', () => {
  it('have the bounds of the API’s requests', () => {
    expect(boundDifferences(agencySchema, 'AgencyRequest')).toEqual([]);
    expect(boundDifferences(unitSchema, 'UnitRequest', ['id'])).toEqual([]);
    expect(boundDifferences(personSchema, 'PersonRequest', ['id'])).toEqual([]);
    expect(boundDifferences(firstAdminSchema, 'FirstAdminRequest')).toEqual([]);
  });

  it.each([
    ['MOD', true],
    ['MOD-TCKG-P1', true],
    ['9X', true],
    ['mod', false],
    ['M', false],
    ['-MOD', false],
    ['MOD VP', false],
    ['A'.repeat(33), false],
  ])('takes %s as an agency code: %s', (code, ok) => {
    const result = agencySchema.safeParse({ code, nameVi: 'Bộ Quốc phòng', nameEn: 'Ministry of National Defence', active: true });
    expect(result.success).toBe(ok);
    if (!ok) expect(Object.keys(messages(result))).toEqual(['code']);
  });

  it('refuses names of spaces only, and a unit without a tier', () => {
    const result = unitSchema.safeParse({ ...emptyUnit('MOD', 'MOD'), code: 'MOD-VP', nameVi: '   ', nameEn: 'Office', tier: '' });
    expect(Object.keys(messages(result)).sort()).toEqual(['nameVi', 'tier']);
  });

  it.each([
    ['phan-van-giang', true],
    ['to.lam_2', true],
    ['Phan-Van-Giang', false],
    ['phan van giang', false],
    ['-giang', false],
    ['', false],
  ])('takes %s as a person key: %s', (key, ok) => {
    expect(personSchema.safeParse({ ...emptyPerson('MOD'), key, fullName: 'Phan Văn Giang' }).success).toBe(ok);
  });

  it('sends a person’s empty optional texts as absent, and the id on edit', () => {
    const values = { ...emptyPerson('MOD'), key: ' phan-van-giang ', fullName: ' Phan Văn Giang ', rankVi: 'Đại tướng', positionEn: '  ' };
    expect(toPersonRequest(values)).toEqual({ key: 'phan-van-giang', fullName: 'Phan Văn Giang', agencyCode: 'MOD', active: true, rankVi: 'Đại tướng' });
    expect(toPersonRequest({ ...values, unitCode: 'MOD-VP' }, 7)).toMatchObject({ id: 7, unitCode: 'MOD-VP' });
  });

  it('sends a unit back as it was read, with its parent, and the ministry unit without one', () => {
    const unit = { id: 4, code: 'MOD-VP', agencyCode: 'MOD', parentCode: 'MOD', tier: 'department' as const, nameVi: 'Văn phòng', nameEn: 'Office', active: true };
    expect(toUnitRequest(unitToForm(unit), unit.id)).toEqual(unit);
    const root = { ...unit, id: 3, code: 'MOD', parentCode: null, tier: 'ministry' as const };
    expect(toUnitRequest(unitToForm(root), root.id)).not.toHaveProperty('parentCode');
  });

  it('asks a first admin for a password of at least 10 characters and a clearance', () => {
    const result = firstAdminSchema.safeParse({ username: 'mod.admin', displayName: 'Quản trị', unitCode: '', clearance: '', password: 'short' });
    expect(Object.keys(messages(result)).sort()).toEqual(['clearance', 'password']);
    expect(toFirstAdminRequest({ username: 'mod.admin', displayName: 'Quản trị', unitCode: '', clearance: 'secret', password: 'Defence-Ministry-1' })).toEqual({
      username: 'mod.admin',
      displayName: 'Quản trị',
      clearance: 'secret',
      password: 'Defence-Ministry-1',
    });
  });
});

describe('who keeps what', () => {
  const registrar = { roles: ['registry_admin'], agencyCode: 'MPS' };
  const micAdmin = { roles: ['admin'], agencyCode: 'MIC' };
  const coordinator = { roles: ['coordinator'], agencyCode: 'MIC' };

  it('lets a registry admin add agencies and keep every agency’s units and persons', () => {
    expect(mayManageAgencies(registrar)).toBe(true);
    expect(mayManageMembers(registrar, 'MOD')).toBe(true);
  });

  it('lets an admin keep only their own agency’s units and persons', () => {
    expect(mayManageAgencies(micAdmin)).toBe(false);
    expect(mayManageMembers(micAdmin, 'MIC')).toBe(true);
    expect(mayManageMembers(micAdmin, 'MPS')).toBe(false);
  });

  it('lets nobody else change the register', () => {
    expect(mayManageAgencies(coordinator)).toBe(false);
    expect(mayManageMembers(coordinator, 'MIC')).toBe(false);
    expect(mayManageMembers(null, 'MIC')).toBe(false);
  });
});
