import { useEffect, useState } from 'react';
import { useLocalized } from '@/lib/i18n/localize';

function todayIso(now: Date): string {
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
}

/**
 * The line a printed page starts with: the codes of what is printed (regulation, task, review) and the day it was
 * printed. Only the print stylesheet shows it; the date is taken again as printing starts.
 */
export function PrintHeader({ codes }: { codes: readonly (string | null | undefined)[] }) {
  const { t, date } = useLocalized();
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const update = () => setNow(new Date());
    window.addEventListener('beforeprint', update);
    return () => window.removeEventListener('beforeprint', update);
  }, []);
  return (
    <p className="print-header" aria-hidden="true">
      <span className="print-header__codes">{codes.filter((c): c is string => !!c).join(' · ')}</span>
      <span className="print-header__date">{t('common.printedOn', { date: date(todayIso(now)) })}</span>
    </p>
  );
}
