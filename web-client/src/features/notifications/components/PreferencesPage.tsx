import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isRouteMissing, type NotificationPreferences } from '@/lib/api/collaboration';
import { ApiError } from '@/lib/api/problem';
import { ErrorMessage, QueryStatus } from '@/lib/ui/QueryState';
import { useDocumentTitle } from '@/lib/ui/useDocumentTitle';
import { usePreferences, useSavePreferences } from '../api/notifications';
import { samePreferences, withKind } from '../preferences';
import './notifications.css';

function PreferencesForm({ saved, etag, onStale }: { saved: NotificationPreferences; etag: string | null; onStale: () => void }) {
  const { t, i18n } = useTranslation('notifications');
  const [draft, setDraft] = useState(saved);
  const [done, setDone] = useState(false);
  const save = useSavePreferences();
  const stale = save.error instanceof ApiError && save.error.status === 412;
  const label = (kind: string) => (i18n.exists(`kind.${kind}`, { ns: 'notifications' }) ? t(`kind.${kind}` as never) : kind);

  function submit(event: FormEvent) {
    event.preventDefault();
    setDone(false);
    save.mutate(
      { preferences: draft, etag },
      {
        onSuccess: ({ preferences }) => {
          setDraft(preferences);
          setDone(true);
        },
        onError: (error) => {
          if (error instanceof ApiError && error.status === 412) onStale();
        },
      },
    );
  }

  return (
    <form onSubmit={submit} className="card">
      {save.isError && !stale && <ErrorMessage error={save.error} />}
      {done && (
        <p className="note note--ok" role="status">
          {t('preferences.saved')}
        </p>
      )}
      <table className="table preferences-table">
        <thead>
          <tr>
            <th scope="col">{t('preferences.kind')}</th>
            <th scope="col">{t('preferences.inApp')}</th>
            <th scope="col">{t('preferences.email')}</th>
          </tr>
        </thead>
        <tbody>
          {draft.kinds.map((k) => (
            <tr key={k.kind}>
              <th scope="row">{label(k.kind)}</th>
              {(['inApp', 'email'] as const).map((channel) => (
                <td key={channel}>
                  <input
                    type="checkbox"
                    aria-label={`${label(k.kind)}: ${t(`preferences.${channel}`)}`}
                    checked={k[channel]}
                    onChange={(e) => setDraft(withKind(draft, k.kind, channel, e.target.checked))}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <label className="checkbox">
        <input type="checkbox" checked={draft.digest} onChange={(e) => setDraft({ ...draft, digest: e.target.checked })} /> {t('preferences.digest')}
      </label>
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={save.isPending || samePreferences(draft, saved)}>
          {t('preferences.save')}
        </button>
      </div>
    </form>
  );
}

export function PreferencesPage() {
  const { t } = useTranslation('notifications');
  const query = usePreferences();
  // Which form a reload starts: after a 412 the form's copy is stale, so it is built again from the server's.
  const [generation, setGeneration] = useState(0);
  const [reloaded, setReloaded] = useState(false);
  useDocumentTitle(t('preferences.title'));
  return (
    <div className="page">
      <header className="page__header">
        <h1>{t('preferences.title')}</h1>
        <p className="muted">{t('preferences.intro')}</p>
      </header>
      {isRouteMissing(query.error) ? <p className="empty">{t('preferences.unavailable')}</p> : <QueryStatus query={query} />}
      {reloaded && (
        <p className="note" role="alert">
          {t('preferences.stale')}
        </p>
      )}
      {query.data && (
        <PreferencesForm
          key={generation}
          saved={query.data.preferences}
          etag={query.data.etag}
          onStale={() =>
            void query.refetch().then(() => {
              setGeneration((g) => g + 1);
              setReloaded(true);
            })
          }
        />
      )}
    </div>
  );
}
