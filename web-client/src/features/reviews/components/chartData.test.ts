import { describe, expect, it } from 'vitest';
import type { CompletionGroup } from '../api/reviews';
import { barLayout, completionSeries, formatRate } from './chartData';

const groups: CompletionGroup[] = [
  {
    code: 'MPS',
    agencyCode: 'MPS',
    total: { year: 0, tasks: 4, completed: 3, rate: 0.75 },
    byYear: [
      { year: 2023, tasks: 1, completed: 0, rate: 0 },
      { year: 2022, tasks: 3, completed: 3, rate: 1 },
    ],
  },
  {
    code: 'MIC',
    agencyCode: 'MIC',
    total: { year: 0, tasks: 2, completed: 1, rate: 0.5 },
    byYear: [
      { year: 2022, tasks: 2, completed: 1, rate: 0.5 },
      { year: 2023, tasks: 0, completed: 0, rate: 0 },
    ],
  },
];

describe('completion series', () => {
  it('gives every series one point per year of the period, in order, agencies sorted', () => {
    const series = completionSeries(groups, [2022, 2023, 2024]);
    expect(series.map((s) => s.code)).toEqual(['MIC', 'MPS']);
    expect(series[1]!.points).toEqual([
      { year: 2022, rate: 1, completed: 3, tasks: 3 },
      { year: 2023, rate: 0, completed: 0, tasks: 1 },
      { year: 2024, rate: null, completed: 0, tasks: 0 },
    ]);
  });

  it('tells a year without tasks (no rate) from a year with nothing completed (0 %)', () => {
    const [mic, mps] = completionSeries(groups, [2023]);
    expect(mic!.points[0]!.rate).toBeNull();
    expect(mps!.points[0]!.rate).toBe(0);
  });

  it('computes the total rate from the counts', () => {
    expect(completionSeries(groups, [2022])[1]!.total).toEqual({ year: 0, rate: 0.75, completed: 3, tasks: 4 });
  });
});

describe('bar layout', () => {
  const frame = { width: 440, height: 240, margin: { top: 20, right: 20, bottom: 20, left: 20 } };

  it('places one group per year and one bar per series, heights proportional to the rate', () => {
    const series = completionSeries(groups, [2022, 2023]);
    const layout = barLayout(series, [2022, 2023], frame);
    expect(layout.plot).toEqual({ left: 20, top: 20, width: 400, height: 200 });
    expect(layout.bars).toHaveLength(4);
    const mps2022 = layout.bars.find((b) => b.series === 'MPS' && b.year === 2022)!;
    expect(mps2022.height).toBe(200);
    expect(mps2022.y).toBe(20);
    const mic2022 = layout.bars.find((b) => b.series === 'MIC' && b.year === 2022)!;
    expect(mic2022.height).toBe(100);
    expect(mic2022.y).toBe(120);
    // Groups are 200 wide; the two bars take 70 % of it, centred: 70 each, starting at 20 + 30.
    expect(mic2022.x).toBeCloseTo(50);
    expect(mic2022.width).toBeCloseTo(70);
    expect(mps2022.x).toBeCloseTo(120);
    expect(layout.xTicks).toEqual([
      { year: 2022, x: 120 },
      { year: 2023, x: 320 },
    ]);
    expect(layout.yTicks.map((t) => t.y)).toEqual([220, 170, 120, 70, 20]);
  });

  it('draws no bar for a year without tasks', () => {
    const layout = barLayout(completionSeries(groups, [2023]), [2023], frame);
    const mic = layout.bars.find((b) => b.series === 'MIC')!;
    expect(mic.height).toBe(0);
    expect(mic.point.rate).toBeNull();
  });
});

describe('formatRate', () => {
  it('writes percentages, and a dash for no rate', () => {
    expect(formatRate(0.667, 'en-GB')).toBe('67%');
    expect(formatRate(null, 'vi-VN')).toBe('—');
  });
});
