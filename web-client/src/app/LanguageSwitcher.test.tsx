import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { languageStorageKey } from '@/config/i18n';
import { json, mockApi } from '@/testing/mockApi';
import { renderRoutes } from '@/testing/render';
import { signInAs } from '@/testing/session';
import { AppShell } from './AppShell';
import { navigation } from './routes';

function renderShell() {
  // The header's bell asks for the unread count.
  mockApi({ 'GET /api/v1/notifications/unread-count': () => json({ unread: 0 }) });
  return renderRoutes([{ element: <AppShell navigation={navigation} />, children: [{ path: '/', element: <p>page</p> }] }], '/');
}

describe('language switcher', () => {
  beforeEach(async () => {
    await signInAs();
  });

  it('starts in Vietnamese', () => {
    renderShell();
    const nav = screen.getByRole('navigation', { name: 'Điều hướng chính' });
    expect(within(nav).getByRole('link', { name: 'Quy chế' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Tiếng Việt' }).getAttribute('aria-pressed')).toBe('true');
    expect(document.documentElement.lang).toBe('vi');
  });

  it('switches the whole shell to English and remembers the choice', async () => {
    renderShell();
    await userEvent.click(screen.getByRole('button', { name: 'English' }));

    const nav = await screen.findByRole('navigation', { name: 'Main navigation' });
    expect(within(nav).getByRole('link', { name: 'Regulations' })).toBeTruthy();
    expect(screen.getByText('Inter-agency Coordination Regulation Register')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe('true');
    expect(document.documentElement.lang).toBe('en');
    expect(localStorage.getItem(languageStorageKey)).toBe('en');
  });

  it('switches back to Vietnamese', async () => {
    renderShell();
    await userEvent.click(screen.getByRole('button', { name: 'English' }));
    await userEvent.click(screen.getByRole('button', { name: 'Tiếng Việt' }));
    expect(await screen.findByRole('link', { name: 'Quy chế' })).toBeTruthy();
    expect(document.documentElement.lang).toBe('vi');
  });
});
