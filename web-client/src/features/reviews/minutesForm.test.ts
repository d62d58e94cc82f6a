import { describe, expect, it } from 'vitest';
import type { ReviewMinutes } from './api/minutes';
import { emptyAttendee, formToMinutes, minutesFormFields, minutesFormSchema, minutesToForm } from './minutesForm';

const minutes: ReviewMinutes = {
  reviewId: 3,
  heldOn: '2024-11-24',
  place: 'Hà Nội',
  chairedBy: 'Thứ trưởng Bộ Công an',
  attendees: [
    { name: 'Nguyễn Văn A', title: 'Chánh Văn phòng', agencyCode: 'MPS', unitCode: 'MPS-VP', personKey: 'nguyen-van-a' },
    { name: 'Trần Thị B', title: null, agencyCode: 'MIC', unitCode: null, personKey: null },
  ],
  decisions: ['Thông qua kế hoạch năm 2025.', 'Giao Văn phòng hai Bộ theo dõi.'],
  notes: null,
  updatedAt: '2024-11-24T10:00:00Z',
};

describe('the minutes form', () => {
  it('gives back what it loaded: read-only members left out, empty texts as null, the person of an attendee kept', () => {
    expect(formToMinutes(minutesToForm(minutes))).toEqual({
      heldOn: minutes.heldOn,
      place: minutes.place,
      chairedBy: minutes.chairedBy,
      attendees: minutes.attendees,
      decisions: minutes.decisions,
      notes: null,
    });
  });

  it('trims what is typed and sends nothing for what is left empty', () => {
    const values = { ...minutesToForm(minutes), heldOn: '', place: '  ', notes: ' Họp trực tuyến. ' };
    values.attendees = [{ ...emptyAttendee('MPS'), name: '  Lê Văn C ' }];
    values.decisions = [{ text: ' Kết luận. ' }];
    expect(formToMinutes(values)).toEqual({
      heldOn: null,
      place: null,
      chairedBy: 'Thứ trưởng Bộ Công an',
      attendees: [{ name: 'Lê Văn C', title: null, agencyCode: 'MPS', unitCode: null, personKey: null }],
      decisions: ['Kết luận.'],
      notes: 'Họp trực tuyến.',
    });
  });

  it('refuses an attendee without a name or agency, an empty decision and a date that is not one', () => {
    const values = minutesToForm(minutes);
    const paths = (changed: object) => minutesFormSchema.safeParse({ ...values, ...changed }).error?.issues.map((i) => i.path.join('.')) ?? [];
    expect(paths({})).toEqual([]);
    expect(paths({ attendees: [emptyAttendee()] })).toEqual(['attendees.0.name', 'attendees.0.agencyCode']);
    expect(paths({ decisions: [{ text: '   ' }] })).toEqual(['decisions.0.text']);
    expect(paths({ heldOn: '24/11/2024' })).toEqual(['heldOn']);
  });

  it('names its inputs as the API names them in a 400', () => {
    expect(minutesFormFields(1, 2)).toEqual([
      'heldOn',
      'place',
      'chairedBy',
      'attendees',
      'attendees[0].name',
      'attendees[0].title',
      'attendees[0].agencyCode',
      'attendees[0].unitCode',
      'decisions',
      'decisions[0]',
      'decisions[1]',
      'notes',
    ]);
  });
});
