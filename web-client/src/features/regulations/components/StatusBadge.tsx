import { useLocalized } from '@/lib/i18n/localize';
import type { RegulationSummary } from '../api/regulations';

export function StatusBadge({ status }: { status: RegulationSummary['status'] }) {
  const { t } = useLocalized();
  return <span className={`badge badge--status badge--${status}`}>{t(`regulations.statuses.${status}`)}</span>;
}
