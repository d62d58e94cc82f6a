import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json, mockApi } from '@/testing/mockApi';
import { flattenUnits, useAgencyUnits, useAllUnits, type Agency, type UnitNode } from './agencies';

const unit = (code: string, children: UnitNode[] = []): UnitNode => ({ id: code.length, code, nameVi: `${code} vi`, nameEn: `${code} en`, tier: 'department', children, active: true });

const agencies: Agency[] = [
  { code: 'MPS', nameVi: 'Bộ Công an', nameEn: 'Ministry of Public Security', active: true },
  { code: 'MOJ', nameVi: 'Bộ Tư pháp', nameEn: 'Ministry of Justice', active: true },
];
const trees: Record<string, UnitNode[]> = {
  MPS: [unit('MPS', [unit('MPS-A05', [unit('MPS-A05-P1')]), unit('MPS-VP')])],
  MOJ: [unit('MOJ', [unit('MOJ-VP')])],
};

// Every feature's reference data comes from here; this is the one place that names the endpoints.
const sources = import.meta.glob<string>(['/src/**/*.{ts,tsx}', '!/src/**/*.d.ts', '!/src/**/*.test.{ts,tsx}', '!/src/testing/**'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

describe('flattenUnits', () => {
  it('lists each parent before its children, with its depth and agency', () => {
    expect(flattenUnits(trees.MPS!, 'MPS').map((u) => [u.code, u.depth, u.agencyCode])).toEqual([
      ['MPS', 0, 'MPS'],
      ['MPS-A05', 1, 'MPS'],
      ['MPS-A05-P1', 2, 'MPS'],
      ['MPS-VP', 1, 'MPS'],
    ]);
  });
});

function AllUnits({ name }: { name: string }) {
  const { units, isPending } = useAllUnits();
  return <p data-testid={name}>{isPending ? 'pending' : units.map((u) => u.code).join(' ')}</p>;
}

function OwnUnits({ agencyCode }: { agencyCode: string }) {
  const units = useAgencyUnits(agencyCode);
  return <p data-testid="own">{units.data?.map((u) => u.code).join(' ') ?? 'pending'}</p>;
}

describe('shared reference data', () => {
  it('fetches the agencies and each unit tree once however many features ask', async () => {
    const { requests } = mockApi({
      'GET /api/v1/agencies': () => json(agencies),
      'GET /api/v1/agencies/MPS/units': () => json(trees.MPS),
      'GET /api/v1/agencies/MOJ/units': () => json(trees.MOJ),
    });
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    render(
      <QueryClientProvider client={queryClient}>
        <AllUnits name="tasks" />
        <AllUnits name="exports" />
        <OwnUnits agencyCode="MOJ" />
      </QueryClientProvider>,
    );
    const all = 'MPS MPS-A05 MPS-A05-P1 MPS-VP MOJ MOJ-VP';
    expect(await screen.findByText(all, { selector: '[data-testid=tasks]' })).toBeTruthy();
    expect(screen.getByTestId('exports').textContent).toBe(all);
    expect(screen.getByTestId('own').textContent).toBe('MOJ MOJ-VP');
    const paths = requests.map((r) => new URL(r.url).pathname).sort();
    expect(paths).toEqual(['/api/v1/agencies', '/api/v1/agencies/MOJ/units', '/api/v1/agencies/MPS/units']);
  });

  it('is fetched nowhere else', () => {
    const fetchers = Object.entries(sources)
      .filter(([, source]) => /GET\(\s*'\/api\/v1\/agencies(\/\{code\}\/units)?'/.test(source))
      .map(([file]) => file);
    expect(fetchers).toEqual(['/src/lib/reference/agencies.ts']);
  });
});
