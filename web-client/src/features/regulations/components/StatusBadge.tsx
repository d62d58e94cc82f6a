import { useLocalized } from '@/lib/i18n/localize';
import type { RegulationSummary } from '../api/regulations';
import './regulations.css';

export function StatusBadge({ status }: { status: RegulationSummary['status'] }) {
  const { code } = useLocalized();
  return <span className={`badge badge--status badge--${status}`}>{code('regulations:statuses', status)}</span>;
}
