import { describe, expect, it } from 'vitest';
import type { NavItem } from '@/lib/routing/types';
import { visibleNavigation } from './navigation';
import { safeNext, signInPathFor } from './RequireSession';

const items: NavItem[] = [
  { to: '/admin', ns: 'admin', label: 'nav', order: 100, roles: ['admin'] },
  { to: '/dashboard', ns: 'dashboard', label: 'nav', order: 5 },
  { to: '/exports', ns: 'exports', label: 'nav', order: 80, roles: ['auditor', 'coordinator'] },
  { to: '/tasks', ns: 'tasks', label: 'nav', order: 20 },
];

describe('navigation by role', () => {
  it('shows entries without roles to everyone signed in, in menu order', () => {
    expect(visibleNavigation(items, ['viewer']).map((i) => i.to)).toEqual(['/dashboard', '/tasks']);
  });

  it('shows a restricted entry to any of its roles', () => {
    expect(visibleNavigation(items, ['auditor']).map((i) => i.to)).toEqual(['/dashboard', '/tasks', '/exports']);
    expect(visibleNavigation(items, ['coordinator']).map((i) => i.to)).toEqual(['/dashboard', '/tasks', '/exports']);
    expect(visibleNavigation(items, ['admin']).map((i) => i.to)).toEqual(['/dashboard', '/tasks', '/admin']);
  });

  it('joins the entries of several roles', () => {
    expect(visibleNavigation(items, ['admin', 'auditor']).map((i) => i.to)).toEqual(['/dashboard', '/tasks', '/exports', '/admin']);
  });

  it('shows nothing to someone not signed in', () => {
    expect(visibleNavigation(items, null)).toEqual([]);
    expect(visibleNavigation(items, undefined)).toEqual([]);
  });
});

describe('coming back after signing in', () => {
  it('remembers where the person was going', () => {
    expect(signInPathFor('/tasks?status=overdue')).toBe('/sign-in?next=%2Ftasks%3Fstatus%3Doverdue');
    expect(signInPathFor('/')).toBe('/sign-in');
  });

  it('goes back only to a path of this app', () => {
    expect(safeNext('/tasks/3#history')).toBe('/tasks/3#history');
    expect(safeNext('//evil.example/x', '/dashboard')).toBe('/dashboard');
    expect(safeNext('https://evil.example', '/dashboard')).toBe('/dashboard');
    expect(safeNext('/\\evil.example', '/dashboard')).toBe('/dashboard');
    expect(safeNext('/sign-in?next=/x', '/dashboard')).toBe('/dashboard');
    expect(safeNext(null, '/dashboard')).toBe('/dashboard');
  });
});
