import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useSearchParams } from 'react-router-dom';
import type { ProblemDocument } from '@/lib/api/problem';
import { safeNext } from '@/lib/auth/RequireSession';
import { authenticate, useSession } from '@/lib/auth/session';
import { useDocumentTitle } from '@/lib/ui/useDocumentTitle';
import './sign-in.css';

export function SignInPage() {
  const { t } = useTranslation('auth');
  const { signedIn, me, ended } = useSession();
  const [params] = useSearchParams();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ProblemDocument | null>(null);
  useDocumentTitle(t('title'));

  if (signedIn && me) return <Navigate to={safeNext(params.get('next'), '/')} replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!username.trim() || !password) {
      setProblem({ title: t('failed'), detail: t('required') });
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const result = await authenticate(username.trim(), password);
      if (!result.ok) {
        setProblem(result.problem);
        setPassword('');
      }
    } catch (error) {
      setProblem({ title: t('failed'), detail: error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="sign-in">
      <form className="sign-in__card" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">{t('title')}</h1>
        <p className="lead">{t('intro')}</p>
        {!problem && ended === 'expired' && <p className="note">{t('expired')}</p>}
        {!problem && ended === 'signed-out' && <p className="note note--ok">{t('signedOut')}</p>}
        {problem && (
          <div className="error-message" role="alert">
            <p className="error-message__title">{problem.title ?? t('failed')}</p>
            {problem.detail && <p>{problem.detail}</p>}
          </div>
        )}
        <div className="field">
          <label htmlFor="sign-in-username">{t('username')}</label>
          <input
            id="sign-in-username"
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
          />
        </div>
        <div className="field">
          <label htmlFor="sign-in-password">{t('password')}</label>
          <input
            id="sign-in-password"
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </div>
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('submitting') : t('submit')}
        </button>
      </form>
    </div>
  );
}
