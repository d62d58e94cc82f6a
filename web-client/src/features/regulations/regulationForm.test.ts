import { describe, expect, it } from 'vitest';
import openapi from '../../../../api/openapi/v1.json';
import { placeFieldErrors } from '@/lib/forms/fieldErrors';
import { boundDifferences } from '@/testing/openapiBounds';
import { emptyRegulation, partySchema, regulationFields, regulationSchema, reviewPolicySchema, toRegulationRequest, type RegulationValues } from './regulationForm';

interface Schema {
  maxItems?: number;
  maxLength?: number;
  items?: { $ref?: string };
  oneOf?: Schema[];
  properties?: Record<string, Schema>;
}
const schemas = (openapi as unknown as { components: { schemas: Record<string, Schema> } }).components.schemas;
const request = schemas.RegulationRequest!;

const filled: RegulationValues = {
  ...emptyRegulation('MOD'),
  code: 'QC-BQP-BCA-2026',
  titleVi: ' Quy chế phối hợp ',
  titleEn: 'Coordination regulation',
  signedOn: '2026-01-15',
  signedAt: 'Hà Nội',
  parties: [
    { agencyCode: 'MOD', standingUnitCode: 'MOD-VP' },
    { agencyCode: 'MPS', standingUnitCode: 'MPS-VP' },
  ],
  signatories: ['phan-van-giang', 'to-lam'],
};

const issues = (values: unknown) => {
  const result = regulationSchema.safeParse(values);
  return Object.fromEntries((result.error?.issues ?? []).map((issue) => [issue.path.join('.'), issue.message]));
};

describe('the new regulation form', () => {
  it('has the bounds of RegulationRequest, PartyRequest and ReviewPolicyRequest', () => {
    // Parties and signatories are compared item by item below: a party names its unit by code only (not the
    // GET's standingUnit object), a signatory by its person key only (not the GET's signatory object).
    expect(boundDifferences(regulationSchema, 'RegulationRequest', ['parties', 'signatories'])).toEqual([]);
    expect(boundDifferences(partySchema, 'PartyRequest', ['standingUnit'])).toEqual([]);
    expect(boundDifferences(reviewPolicySchema, 'ReviewPolicyRequest')).toEqual([]);
    expect(issues({ ...filled, parties: Array.from({ length: request.properties!.parties!.maxItems! + 1 }, (_, i) => ({ agencyCode: `A${i}`, standingUnitCode: `A${i}-VP` })) })).toHaveProperty('parties');
    const signatory = schemas.SignatoryRequest!.oneOf!.find((branch) => branch.maxLength !== undefined)!;
    expect(issues({ ...filled, signatories: ['a'.repeat(signatory.maxLength!)] })).toEqual({});
    expect(issues({ ...filled, signatories: ['a'.repeat(signatory.maxLength! + 1)] })).toHaveProperty('signatories.0');
    const most = request.properties!.signatories!.maxItems!;
    expect(issues({ ...filled, signatories: Array.from({ length: most }, (_, i) => `p${i}`) })).toEqual({});
    expect(issues({ ...filled, signatories: Array.from({ length: most + 1 }, (_, i) => `p${i}`) })).toHaveProperty('signatories');
  });

  it('refuses a bad code, one party, twice the same party and a first host that is no party', () => {
    expect(Object.keys(issues({ ...filled, code: 'QC 2026' }))).toEqual(['code']);
    expect(Object.keys(issues({ ...filled, parties: [filled.parties[0]] }))).toContain('parties');
    expect(Object.keys(issues({ ...filled, parties: [filled.parties[0], filled.parties[0]] }))).toContain('parties');
    expect(Object.keys(issues({ ...filled, reviewPolicy: { ...filled.reviewPolicy, firstHostAgencyCode: 'MIC' } }))).toEqual(['reviewPolicy.firstHostAgencyCode']);
    expect(Object.keys(issues({ ...filled, reviewPolicy: { ...filled.reviewPolicy, reviewMonth: 13, preliminaryAfterYears: 0 } })).sort()).toEqual([
      'reviewPolicy.preliminaryAfterYears',
      'reviewPolicy.reviewMonth',
    ]);
    expect(issues(filled)).toEqual({});
  });

  it('sends the body POST /api/v1/regulations takes: trimmed texts, units by code, signatories by key, empty date and note as null', () => {
    expect(toRegulationRequest(filled)).toEqual({
      code: 'QC-BQP-BCA-2026',
      titleVi: 'Quy chế phối hợp',
      titleEn: 'Coordination regulation',
      signedOn: '2026-01-15',
      signedAt: 'Hà Nội',
      status: 'in_force',
      parties: [
        { agencyCode: 'MOD', standingUnitCode: 'MOD-VP' },
        { agencyCode: 'MPS', standingUnitCode: 'MPS-VP' },
      ],
      signatories: ['phan-van-giang', 'to-lam'],
      reviewPolicy: { annualRotating: true, firstHostAgencyCode: 'MOD', reviewMonth: 12, preliminaryAfterYears: 5, note: null },
    });
    const body = toRegulationRequest({ ...filled, signedOn: '', reviewPolicy: { ...filled.reviewPolicy, note: ' Luân phiên ' } });
    expect(body.signedOn).toBeNull();
    expect(body.reviewPolicy.note).toBe('Luân phiên');
    // Every member sent is one the document's request schema has.
    for (const name of Object.keys(body)) expect(Object.keys(request.properties!)).toContain(name);
  });

  it('places the API’s field errors under their inputs, each party’s and each signatory’s own', () => {
    const { byField, unplaced } = placeFieldErrors(
      {
        'parties[1].standingUnitCode': ['Not a unit of MPS.'],
        'Parties[0].AgencyCode': ['Retired.'],
        'signatories[0]': ['Not a person of a party.'],
        'reviewPolicy.reviewMonth': ['1–12.'],
        titleVi: ['Required.'],
        parties: ['Your agency must be a party.'],
        somethingElse: ['?'],
      },
      regulationFields(filled),
    );
    expect(byField).toEqual({
      'parties[1].standingUnitCode': ['Not a unit of MPS.'],
      'parties[0].agencyCode': ['Retired.'],
      'signatories[0]': ['Not a person of a party.'],
      'reviewPolicy.reviewMonth': ['1–12.'],
      titleVi: ['Required.'],
      parties: ['Your agency must be a party.'],
    });
    expect(unplaced).toEqual({ somethingElse: ['?'] });
  });
});
