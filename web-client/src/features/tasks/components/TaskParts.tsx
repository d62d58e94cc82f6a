import { useTranslation } from 'react-i18next';
import { useLocalized } from '@/lib/i18n/localize';
import { describeAknId } from '../citations';
import './tasks.css';

/** "Điều 3, khoản 2, điểm a" / "Article 3(2)(a)" for a cited provision id. */
export function useCitationText(): (aknId: string) => string {
  const { t } = useTranslation('tasks');
  return (aknId) => {
    const { article, clause, point } = describeAknId(aknId);
    if (!article) return aknId;
    let text = t('citation.article', { num: article });
    if (clause) text += t('citation.clause', { num: clause });
    if (point) text += t('citation.point', { num: point });
    return text;
  };
}

/** Percent complete as a bar and a number. */
export function ProgressMeter({ percent, label }: { percent: number; label?: string }) {
  const value = Math.min(100, Math.max(0, Math.round(percent)));
  return (
    <span className="progress-inline">
      <span className="meter meter--small" role="meter" aria-valuemin={0} aria-valuemax={100} aria-valuenow={value} aria-label={label ?? `${value}%`}>
        <span className="meter__fill" style={{ width: `${value}%` }} />
      </span>
      <span className="progress-inline__value">{value}%</span>
    </span>
  );
}

/** A unit as "CODE — name" in the UI language. */
export function UnitName({ unit }: { unit: { code: string; nameVi: string; nameEn: string } }) {
  const { pick } = useLocalized();
  const name = pick(unit.nameVi, unit.nameEn);
  return (
    <>
      <span className="code">{unit.code}</span> <span lang={name.lang}>{name.text}</span>
    </>
  );
}
