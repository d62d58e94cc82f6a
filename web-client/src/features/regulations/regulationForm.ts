import { z } from 'zod';
import type { components } from '@/lib/api/schema';
import { vocabulary, type Schemas } from '@/lib/api/vocabulary';
import { choice, dateInput, message, optionalText, requiredText, wholeNumber } from '@/lib/forms/schema';

// The "new regulation" form: the bounds of RegulationRequest, PartyRequest and ReviewPolicyRequest
// (regulationForm.test.ts compares them with api/openapi/v1.json). Parties name their standing unit by code,
// signatories are person keys: the short forms the API accepts.

export type RegulationRequest = components['schemas']['RegulationRequest'];

export const regulationStatuses = vocabulary<Schemas['RegulationStatus']>()(['draft', 'in_force', 'superseded', 'expired']);

export const partySchema = z.object({ agencyCode: requiredText(32), standingUnitCode: requiredText(32) });

export const reviewPolicySchema = z.object({
  annualRotating: z.boolean(),
  firstHostAgencyCode: requiredText(32),
  reviewMonth: wholeNumber(1, 12),
  preliminaryAfterYears: wholeNumber(1, 50),
  note: optionalText(1000),
});

export const regulationSchema = z
  .object({
    code: z
      .string()
      .max(32, message('tooLong', { max: 32 }))
      .regex(/^[A-Za-z0-9._-]+$/, message('regulationCode')),
    titleVi: requiredText(1000),
    titleEn: requiredText(1000),
    signedOn: z.union([dateInput(), z.literal('')]),
    signedAt: requiredText(200),
    status: choice(regulationStatuses),
    parties: z
      .array(partySchema)
      .max(20, message('tooMany', { max: 20 }))
      .refine((parties) => new Set(parties.map((p) => p.agencyCode)).size >= 2 && new Set(parties.map((p) => p.agencyCode)).size === parties.length, message('parties')),
    signatories: z.array(z.string().max(100, message('tooLong', { max: 100 }))).max(50, message('tooMany', { max: 50 })),
    reviewPolicy: reviewPolicySchema,
  })
  .refine((values) => values.parties.some((p) => p.agencyCode === values.reviewPolicy.firstHostAgencyCode), {
    ...message('choose'),
    path: ['reviewPolicy', 'firstHostAgencyCode'],
  });
export type RegulationValues = z.input<typeof regulationSchema>;

/** A blank form: the caller's agency is the first party (the API requires it among them), another to choose. */
export function emptyRegulation(ownAgencyCode: string): RegulationValues {
  return {
    code: '',
    titleVi: '',
    titleEn: '',
    signedOn: '',
    signedAt: '',
    status: 'in_force',
    parties: [
      { agencyCode: ownAgencyCode, standingUnitCode: '' },
      { agencyCode: '', standingUnitCode: '' },
    ],
    signatories: [],
    reviewPolicy: { annualRotating: true, firstHostAgencyCode: ownAgencyCode, reviewMonth: 12, preliminaryAfterYears: 5, note: '' },
  };
}

/** The body of POST /api/v1/regulations: texts trimmed, an empty date or note sent as null. */
export function toRegulationRequest(values: RegulationValues): RegulationRequest {
  const note = values.reviewPolicy.note.trim();
  return {
    code: values.code.trim(),
    titleVi: values.titleVi.trim(),
    titleEn: values.titleEn.trim(),
    signedOn: values.signedOn === '' ? null : values.signedOn,
    signedAt: values.signedAt.trim(),
    status: values.status,
    parties: values.parties.map((p) => ({ agencyCode: p.agencyCode, standingUnitCode: p.standingUnitCode })),
    signatories: [...values.signatories],
    reviewPolicy: {
      annualRotating: values.reviewPolicy.annualRotating,
      firstHostAgencyCode: values.reviewPolicy.firstHostAgencyCode,
      reviewMonth: values.reviewPolicy.reviewMonth,
      preliminaryAfterYears: values.reviewPolicy.preliminaryAfterYears,
      note: note === '' ? null : note,
    },
  };
}

/**
 * The names (the API's spelling) of the form's inputs for these values, so that each field error of a 400 lands
 * under its input: `parties[1].standingUnitCode` under that party's unit, `signatories[0]` beside that signatory.
 */
export function regulationFields(values: Pick<RegulationValues, 'parties' | 'signatories'>): string[] {
  return [
    'code',
    'titleVi',
    'titleEn',
    'signedOn',
    'signedAt',
    'status',
    'parties',
    ...values.parties.flatMap((_, i) => [`parties[${i}].agencyCode`, `parties[${i}].standingUnitCode`]),
    'signatories',
    ...values.signatories.map((_, i) => `signatories[${i}]`),
    'reviewPolicy.annualRotating',
    'reviewPolicy.firstHostAgencyCode',
    'reviewPolicy.reviewMonth',
    'reviewPolicy.preliminaryAfterYears',
    'reviewPolicy.note',
  ];
}
