import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router-dom';
import { Loading } from '@/lib/ui/QueryState';
import { LanguageSwitcher } from './LanguageSwitcher';
import type { NavItem } from '@/lib/routing/types';

export function AppShell({ navigation }: { navigation: readonly NavItem[] }) {
  const { t } = useTranslation();
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="shell__header">
        <div className="shell__bar container">
          <p className="shell__title">{t('app.title')}</p>
          <LanguageSwitcher />
        </div>
        <nav className="shell__nav" aria-label={t('nav.label')}>
          <ul className="container">
            {navigation.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to}>{t(item.label as never, { ns: item.ns as never })}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" className="shell__main container" tabIndex={-1}>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
      <footer className="shell__footer">
        <p className="container">{t('app.footer')}</p>
      </footer>
    </div>
  );
}
