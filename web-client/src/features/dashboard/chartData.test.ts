import { describe, expect, it } from 'vitest';
import type { AgencyCounts, StatusCounts, UnitProgress } from './api/dashboard';
import { agencyBars, arcPath, coverageSummary, donutArcs, statusSlices, unitBars } from './chartData';

const counts = (c: Partial<StatusCounts>): StatusCounts => ({ total: 0, draft: 0, assigned: 0, inProgress: 0, completed: 0, cancelled: 0, overdue: 0, ...c });

describe('counts by status', () => {
  it('become slices in workflow order with their share', () => {
    const slices = statusSlices(counts({ total: 10, draft: 1, assigned: 2, inProgress: 4, completed: 3, overdue: 2 }));
    expect(slices.map((s) => [s.key, s.value, s.fraction])).toEqual([
      ['draft', 1, 0.1],
      ['assigned', 2, 0.2],
      ['in_progress', 4, 0.4],
      ['completed', 3, 0.3],
      ['cancelled', 0, 0],
    ]);
  });

  it('have no share when there are no tasks', () => {
    expect(statusSlices(counts({})).every((s) => s.fraction === 0)).toBe(true);
    expect(donutArcs(statusSlices(counts({})))).toEqual([]);
  });

  it('make consecutive arcs round the whole ring, skipping empty statuses', () => {
    const arcs = donutArcs(statusSlices(counts({ total: 4, draft: 1, completed: 3 })));
    expect(arcs.map((a) => a.key)).toEqual(['draft', 'completed']);
    expect(arcs[0]!.start).toBe(0);
    expect(arcs[0]!.end).toBeCloseTo(Math.PI / 2);
    expect(arcs[1]!.start).toBeCloseTo(Math.PI / 2);
    expect(arcs[1]!.end).toBeCloseTo(2 * Math.PI);
  });

  it('draw a full ring as two halves (an SVG arc cannot start and end at one point)', () => {
    const path = arcPath(80, 80, 74, 46, 0, 2 * Math.PI);
    expect(path.match(/M /g)).toHaveLength(2);
    expect(path).not.toContain('NaN');
    expect(arcPath(80, 80, 74, 46, 0, Math.PI / 2)).toMatch(/^M 80\.000 6\.000 A 74 74 0 0 1 154\.000 80\.000/);
    expect(arcPath(80, 80, 74, 46, 0, 1.5 * Math.PI)).toContain('A 74 74 0 1 1');
  });
});

describe('tasks by lead agency', () => {
  const byAgency: AgencyCounts[] = [
    { agencyCode: 'MIC', counts: counts({ total: 5, assigned: 1, inProgress: 2, completed: 2, overdue: 1 }) },
    { agencyCode: 'MPS', counts: counts({ total: 10, draft: 2, inProgress: 5, completed: 3 }) },
  ];

  it('stack the statuses, scaled to the largest agency', () => {
    const [mic, mps] = agencyBars(byAgency);
    expect(mps!.segments.reduce((sum, s) => sum + s.width, 0)).toBeCloseTo(1);
    expect(mic!.segments.reduce((sum, s) => sum + s.width, 0)).toBeCloseTo(0.5);
    const micInProgress = mic!.segments.find((s) => s.key === 'in_progress')!;
    expect(micInProgress.offset).toBeCloseTo(0.1);
    expect(micInProgress.width).toBeCloseTo(0.2);
    expect(mic).toMatchObject({ label: 'MIC', total: 5, overdue: 1 });
  });

  it('are empty bars when nothing is counted', () => {
    expect(agencyBars([{ agencyCode: 'MPS', counts: counts({}) }])[0]!.segments.every((s) => s.width === 0)).toBe(true);
    expect(agencyBars([])).toEqual([]);
  });
});

describe('progress by unit', () => {
  const units: UnitProgress[] = [
    { unitCode: 'MPS-VP', nameVi: 'Văn phòng Bộ Công an', nameEn: 'Office of MPS', agencyCode: 'MPS', tasks: 3, completed: 1, averageProgress: 45.6 },
    { unitCode: 'MIC-ATTT', nameVi: 'Cục An toàn thông tin', nameEn: '', agencyCode: 'MIC', tasks: 2, completed: 0, averageProgress: 20 },
    { unitCode: 'MPS-A05', nameVi: 'Cục An ninh mạng', nameEn: 'Cyber Security Department', agencyCode: 'MPS', tasks: 6, completed: 2, averageProgress: 62.5 },
    { unitCode: 'MPS-A04', nameVi: 'Cục A04', nameEn: 'A04', agencyCode: 'MPS', tasks: 1, completed: 0, averageProgress: 100.4 },
  ];

  it('orders by agency, then the furthest along first, with whole percents within 0–100', () => {
    expect(unitBars(units, 'vi').map((u) => [u.unitCode, u.percent])).toEqual([
      ['MIC-ATTT', 20],
      ['MPS-A04', 100],
      ['MPS-A05', 63],
      ['MPS-VP', 46],
    ]);
  });

  it('names units in the UI language, in Vietnamese where English is missing', () => {
    const en = unitBars(units, 'en');
    expect(en.find((u) => u.unitCode === 'MPS-A05')!.name).toBe('Cyber Security Department');
    expect(en.find((u) => u.unitCode === 'MIC-ATTT')!.name).toBe('Cục An toàn thông tin');
  });
});

describe('article coverage', () => {
  it('counts the articles tasks carry out', () => {
    const article = (num: string, cited: boolean) => ({ regulationId: 1, aknId: `chp_1__art_${num}`, num, cited });
    expect(coverageSummary([article('1', true), article('2', false), article('3', true), article('4', true)])).toEqual({ cited: 3, total: 4, fraction: 0.75 });
    expect(coverageSummary([])).toEqual({ cited: 0, total: 0, fraction: 0 });
  });
});
