import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '@/lib/ui/useDocumentTitle';
import { useSession } from './session';

function Forbidden() {
  const { t } = useTranslation();
  useDocumentTitle(t('common.forbiddenTitle'));
  return (
    <div className="page" role="alert">
      <h1>{t('common.forbiddenTitle')}</h1>
      <p>{t('common.forbiddenText')}</p>
    </div>
  );
}

/** A screen for some roles only: others are told so (the API would refuse them anyway). */
export function RequireRole({ roles, children }: { roles: readonly string[]; children: ReactNode }) {
  const { hasRole } = useSession();
  return hasRole(...roles) ? children : <Forbidden />;
}
