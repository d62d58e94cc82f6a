import { cleanup } from '@testing-library/react';
import { afterEach, beforeEach } from 'vitest';
import { defaultLanguage, i18n } from '@/config/i18n';
import { setAccessToken } from '@/lib/api/client';

beforeEach(async () => {
  localStorage.clear();
  setAccessToken(null);
  await i18n.changeLanguage(defaultLanguage);
});

afterEach(() => {
  cleanup();
});
