import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useNavigation } from 'react-router-dom';
import { visibleNavigation } from '@/lib/auth/navigation';
import { signOut, useSession } from '@/lib/auth/session';
import { Loading } from '@/lib/ui/QueryState';
import { NotificationBell } from '@/features/notifications/components/NotificationBell';
import { LanguageSwitcher } from './LanguageSwitcher';
import type { NavItem } from '@/lib/routing/types';

function SignedInUser() {
  const { t } = useTranslation();
  const { me } = useSession();
  if (!me) return null;
  const roles = me.roles.map((role) => t(`role.${role}` as never, { defaultValue: role })).join(', ');
  return (
    <div className="session-user" aria-label={t('session.signedInAs')}>
      <p className="session-user__name">{me.displayName}</p>
      <p className="session-user__facts">
        <span title={t('session.agency')}>{me.agencyCode}</span>
        {me.unitCode && <span title={t('session.unit')}>{me.unitCode}</span>}
        <span title={t('session.role')}>{roles}</span>
        <span title={t('session.clearance')} className={`clearance clearance--${me.clearance}`}>
          {t(`clearance.${me.clearance}` as never, { defaultValue: me.clearance })}
        </span>
      </p>
    </div>
  );
}

export function AppShell({ navigation }: { navigation: readonly NavItem[] }) {
  // The router loads the next screen's chunk before it leaves this one: say so while it does.
  const switching = useNavigation().state === 'loading';
  const { t } = useTranslation();
  const { me } = useSession();
  const items = visibleNavigation(navigation, me?.roles);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="shell__header">
        <div className="shell__bar container">
          <p className="shell__title">{t('app.title')}</p>
          <div className="shell__tools">
            <SignedInUser />
            {me && <NotificationBell />}
            <LanguageSwitcher />
            {me && (
              <button type="button" className="button button--on-dark" onClick={() => signOut('signed-out')}>
                {t('session.signOut')}
              </button>
            )}
          </div>
        </div>
        <nav className="shell__nav" aria-label={t('nav.label')}>
          <ul className="container">
            {items.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={items.some((other) => other !== item && other.to.startsWith(`${item.to}/`))}>
                  {t(item.label as never, { ns: item.ns as never })}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" className="shell__main container" tabIndex={-1}>
        {switching && <Loading />}
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
