import type { ResponseBody } from '@/lib/api/types';

type RegulationDetail = ResponseBody<'/api/v1/regulations/{id}'>;
type RegulationPage = ResponseBody<'/api/v1/regulations'>;
type Provision = RegulationDetail['chapters'][number];

export function provision(overrides: Partial<Provision> & Pick<Provision, 'aknId' | 'kind' | 'num'>): Provision {
  return { headingVi: null, headingEn: null, textVi: null, textEn: null, isSummary: false, children: [], ...overrides };
}

export const regulationDetail: RegulationDetail = {
  id: 1,
  code: 'QC2021',
  titleVi: 'Quy chế phối hợp trong công tác bảo vệ an ninh quốc gia',
  titleEn: 'Regulation on coordination in protecting national security',
  signedOn: '2021-11-24',
  signedAt: 'Hà Nội',
  status: 'in_force',
  parties: [
    {
      agencyCode: 'MPS',
      agencyNameVi: 'Bộ Công an',
      agencyNameEn: 'Ministry of Public Security',
      standingUnit: { id: 10, code: 'MPS-VP', nameVi: 'Văn phòng Bộ Công an', nameEn: 'Office of the Ministry of Public Security', tier: 'department' },
    },
    {
      agencyCode: 'MIC',
      agencyNameVi: 'Bộ Thông tin và Truyền thông',
      agencyNameEn: 'Ministry of Information and Communications',
      standingUnit: { id: 20, code: 'MIC-VP', nameVi: 'Văn phòng Bộ Thông tin và Truyền thông', nameEn: 'Office of the Ministry of Information and Communications', tier: 'department' },
    },
  ],
  signatories: [
    { personId: 1, personKey: 'to-lam', fullName: 'Tô Lâm', rankVi: 'Đại tướng', rankEn: 'General', positionVi: 'Bộ trưởng Bộ Công an', positionEn: 'Minister of Public Security', agencyCode: 'MPS' },
    { personId: 2, personKey: 'nguyen-manh-hung', fullName: 'Nguyễn Mạnh Hùng', rankVi: '', rankEn: '', positionVi: 'Bộ trưởng Bộ Thông tin và Truyền thông', positionEn: 'Minister of Information and Communications', agencyCode: 'MIC' },
  ],
  reviewPolicy: { annualRotating: true, firstHostAgencyCode: 'MPS', reviewMonth: 12, preliminaryAfterYears: 5 },
  currentVersion: { id: 1, number: 1, status: 'published', effectiveFrom: '2021-11-24' },
  chapters: [
    provision({
      aknId: 'chp_1',
      kind: 'chapter',
      num: 'I',
      headingVi: 'Những quy định chung',
      headingEn: 'General provisions',
      children: [
        provision({
          aknId: 'chp_1__art_1',
          kind: 'article',
          num: '1',
          headingVi: 'Nguyên tắc phối hợp',
          headingEn: 'Principles of coordination',
          isSummary: true,
          children: [
            provision({
              aknId: 'chp_1__art_1__para_1',
              kind: 'clause',
              num: '1',
              textVi: 'Tuân thủ quy định của pháp luật.',
              textEn: 'Comply with the law.',
              isSummary: true,
              children: [
                provision({ aknId: 'chp_1__art_1__para_1__point_a', kind: 'point', num: 'a', textVi: 'Bảo vệ bí mật nhà nước.', textEn: 'Protect state secrets.' }),
              ],
            }),
            provision({ aknId: 'chp_1__art_1__para_2', kind: 'clause', num: '2', textVi: 'Phối hợp ngang cấp.', textEn: null }),
          ],
        }),
      ],
    }),
    provision({ aknId: 'chp_2', kind: 'chapter', num: 'II', headingVi: 'Nội dung phối hợp', headingEn: 'Content of coordination' }),
    provision({
      aknId: 'chp_3',
      kind: 'chapter',
      num: 'III',
      headingVi: 'Tổ chức thực hiện',
      headingEn: 'Implementation',
      children: [
        provision({
          aknId: 'chp_3__art_2',
          kind: 'article',
          num: '2',
          headingVi: 'Hiệu lực thi hành',
          headingEn: 'Entry into force',
          children: [
            provision({ aknId: 'chp_3__art_2__para_1', kind: 'clause', num: '1', textVi: 'Có hiệu lực kể từ ngày ký.', textEn: 'In force from signature.', isSummary: true }),
          ],
        }),
      ],
    }),
  ],
};

export const regulationPage: RegulationPage = {
  items: [
    {
      id: regulationDetail.id,
      code: regulationDetail.code,
      titleVi: regulationDetail.titleVi,
      titleEn: regulationDetail.titleEn,
      signedOn: regulationDetail.signedOn,
      status: regulationDetail.status,
      parties: ['MPS', 'MIC'],
    },
  ],
  nextCursor: null,
};
