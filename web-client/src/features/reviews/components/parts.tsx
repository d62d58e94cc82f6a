import { useTranslation } from 'react-i18next';
import { useLocalized } from '@/lib/i18n/localize';
import { useAgencies } from '@/lib/reference/agencies';
import type { Review } from '../api/reviews';

/**
 * The host of a review, coloured by the agency's place among the regulation's parties, so that the
 * rotation (MPS, MIC, MPS, …) reads at a glance; the code and name say it for those who do not see colour.
 */
export function HostBadge({ code, parties }: { code: string; parties: readonly string[] }) {
  const { t } = useTranslation('reviews');
  const { pick } = useLocalized();
  const agencies = useAgencies();
  const agency = agencies.data?.find((a) => a.code === code);
  const index = parties.indexOf(code);
  const name = agency ? pick(agency.nameVi, agency.nameEn).text : null;
  return (
    <span className={`host host--${index >= 0 && index < 4 ? index + 1 : 'other'}`} title={t('hostedBy', { agency: name ?? code })}>
      <span className="host__code">{code}</span>
      {name && <span className="host__name">{name}</span>}
    </span>
  );
}

export function ReviewStatusBadge({ status }: { status: string }) {
  const { code } = useLocalized();
  return <span className={`badge badge--review badge--review-${status}`}>{code('reviews:statuses', status)}</span>;
}

export function ResultBadge({ result }: { result: string | null | undefined }) {
  const { t } = useTranslation('reviews');
  const { code } = useLocalized();
  if (!result) return <span className="result result--none">{t('grid.notEvaluated')}</span>;
  return <span className={`result result--${result}`}>{code('reviews:results', result)}</span>;
}

/** "Đánh giá kết quả phối hợp năm 2024", "Sơ kết 5 năm thực hiện quy chế (2026)". */
export function useReviewTitle() {
  const { t } = useTranslation('reviews');
  return (review: Pick<Review, 'kind' | 'periodYear'>, signedOn?: string | null): string => {
    const year = review.periodYear;
    if (review.kind === 'preliminary') {
      const count = signedOn ? year - Number(signedOn.slice(0, 4)) : null;
      return count && count > 0 ? t('workspace.title.preliminary', { count, year }) : `${t('kinds.preliminary')} ${year}`;
    }
    if (review.kind === 'extraordinary') return t('workspace.title.extraordinary', { year });
    return t('workspace.title.annual', { year });
  };
}
