import { describe, expect, it } from 'vitest';
import { activeFilterCount, defaultSort, filtersToQuery, filtersToSearch, parseFilters, type TaskFilters } from './filters';

const parse = (query: string) => parseFilters(new URLSearchParams(query));

describe('the task list’s filters in the address bar', () => {
  it('starts with no filter, sorted by due date', () => {
    expect(parse('')).toEqual({ status: [], sort: 'due' });
    expect(filtersToSearch(parse('')).toString()).toBe('');
  });

  it('reads every filter', () => {
    const filters = parse(
      'regulationId=1&status=overdue&status=in_progress&leadAgency=MPS&leadUnit=MPS-A05&counterpartUnit=MIC-ATTT&article=chp_2__art_4' +
        '&planYear=2024&classification=secret&dueFrom=2024-01-01&dueTo=2024-12-31&q=bao%20ve%20an%20ninh&sort=-updated',
    );
    expect(filters).toEqual<TaskFilters>({
      regulationId: 1,
      status: ['in_progress', 'overdue'],
      leadAgency: 'MPS',
      leadUnit: 'MPS-A05',
      counterpartUnit: 'MIC-ATTT',
      article: 'chp_2__art_4',
      planYear: 2024,
      classification: 'secret',
      dueFrom: '2024-01-01',
      dueTo: '2024-12-31',
      q: 'bao ve an ninh',
      sort: '-updated',
    });
  });

  it('survives a round trip, in a canonical order without defaults', () => {
    const search = filtersToSearch(parse('sort=due&q=an%20ninh&status=completed&status=draft&leadAgency=MIC&planYear=2025'));
    expect(search.toString()).toBe('status=draft&status=completed&leadAgency=MIC&planYear=2025&q=an+ninh');
    expect(parse(search.toString())).toEqual(parse('status=completed&status=draft&leadAgency=MIC&planYear=2025&q=an ninh'));
  });

  it('accepts statuses joined by commas, once each, in workflow order', () => {
    expect(parse('status=assigned,draft&status=draft').status).toEqual(['draft', 'assigned']);
  });

  it('drops what is malformed or unknown instead of sending it to the API', () => {
    expect(parse('status=late&sort=random&classification=restricted&planYear=1999&regulationId=-3&dueFrom=2024-13-45&dueTo=tomorrow&q=%20%20')).toEqual({
      status: [],
      sort: defaultSort,
    });
    expect(parse('planYear=20x4&regulationId=abc')).toEqual({ status: [], sort: defaultSort });
  });

  it('keeps Vietnamese text as typed (the server folds diacritics)', () => {
    const filters = parse(`q=${encodeURIComponent('Bảo vệ bí mật nhà nước')}`);
    expect(filters.q).toBe('Bảo vệ bí mật nhà nước');
    expect(parse(filtersToSearch(filters).toString()).q).toBe('Bảo vệ bí mật nhà nước');
  });

  it('becomes the list endpoint’s query', () => {
    expect(filtersToQuery(parse('status=overdue&leadUnit=MPS-A05&planYear=2024'))).toEqual({ status: ['overdue'], leadUnit: 'MPS-A05', planYear: 2024, sort: 'due' });
    expect(filtersToQuery(parse(''))).toEqual({ sort: 'due' });
  });

  it('counts the filters that narrow the list, not the sort', () => {
    expect(activeFilterCount(parse('sort=code'))).toBe(0);
    expect(activeFilterCount(parse('status=draft&status=assigned&q=x&sort=code'))).toBe(3);
  });
});
