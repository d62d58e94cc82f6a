import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router-dom';
import { Loading } from '@/lib/ui/QueryState';
import { LanguageSwitcher } from './LanguageSwitcher';

/** The frame of the screens shown before signing in: the title and the language, no navigation. */
export function PublicLayout() {
  const { t } = useTranslation();
  return (
    <div className="shell">
      <header className="shell__header">
        <div className="shell__bar container">
          <p className="shell__title">{t('app.title')}</p>
          <LanguageSwitcher />
        </div>
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
