import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useSession } from '@/lib/auth/session';
import { useDocumentTitle } from '@/lib/ui/useDocumentTitle';
import { ApiClientsPanel } from './ApiClientsPanel';
import { UsersPanel } from './UsersPanel';
import './admin.css';

const tabs = ['users', 'clients'] as const;

export function AdminPage() {
  const { t } = useTranslation('admin');
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'clients' ? 'clients' : 'users';
  useDocumentTitle(t('title'));
  return (
    <div className="page">
      <header className="page__header">
        <h1>{t('title')}</h1>
        <p className="lead">{t('intro', { agency: me?.agencyCode ?? '' })}</p>
      </header>
      <div className="tabs" role="tablist" aria-label={t('title')}>
        {tabs.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            id={`tab-${name}`}
            aria-selected={tab === name}
            aria-controls={`panel-${name}`}
            className="tabs__tab"
            onClick={() => setParams(name === 'users' ? {} : { tab: name }, { replace: true })}
          >
            {t(`tabs.${name}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="tabs__panel">
        {tab === 'users' ? <UsersPanel /> : <ApiClientsPanel />}
      </div>
    </div>
  );
}
