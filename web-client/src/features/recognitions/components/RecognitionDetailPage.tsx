import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useLocalized } from '@/lib/i18n/localize';
import { ErrorMessage, Loading } from '@/lib/ui/QueryState';
import { useDocumentTitle } from '@/lib/ui/useDocumentTitle';
import { useRecognition, type Recognition } from '../api/recognitions';
import { useAgencyName } from './parts';
import './recognitions.css';

function Detail({ recognition }: { recognition: Recognition }) {
  const { t } = useTranslation('recognitions');
  const { pick, date, code } = useLocalized();
  const agencyName = useAgencyName();
  const r = recognition.recipient;
  const award = pick(recognition.awardVi, recognition.awardEn);
  const unit = pick(r.unitNameVi, r.unitNameEn);
  const name = r.fullName ?? unit.text ?? r.unitCode ?? '';
  useDocumentTitle(name);
  const row = (label: string, value: string | null | undefined, lang?: string) =>
    value ? (
      <div>
        <dt>{label}</dt>
        <dd lang={lang}>{value}</dd>
      </div>
    ) : null;
  const rank = pick(r.rankVi, r.rankEn);
  const position = pick(r.positionVi, r.positionEn);
  const occasion = pick(recognition.occasionVi, recognition.occasionEn);
  return (
    <article className="page recognition-detail" aria-labelledby="recognition-title">
      <header className="page__header">
        <p className="eyebrow" lang={award.fallback ? 'vi' : undefined}>
          {award.text}
        </p>
        <h1 id="recognition-title">{name}</h1>
      </header>
      <section className="section">
        <dl className="facts">
          {row(t('columns.recipient'), `${name} · ${code('recognitions:recipientKinds', r.kind)}`)}
          {row(t('columns.rank'), rank.text, rank.fallback ? 'vi' : undefined)}
          {row(t('columns.position'), position.text, position.fallback ? 'vi' : undefined)}
          {row(t('columns.unit'), [unit.text, `(${r.agencyCode})`].filter(Boolean).join(' '))}
          {row(t('columns.award'), award.text, award.fallback ? 'vi' : undefined)}
          {row(t('columns.awardedBy'), `${agencyName(recognition.awardingAgencyCode)} (${recognition.awardingAgencyCode})`)}
          {row(t('columns.date'), date(recognition.awardedOn))}
          {row(t('columns.occasion'), occasion.text, occasion.fallback ? 'vi' : undefined)}
          {recognition.regulationId && (
            <div>
              <dt>{t('regulation')}</dt>
              <dd>
                <Link to={`/regulations/${recognition.regulationId}`}>#{recognition.regulationId}</Link>
              </dd>
            </div>
          )}
        </dl>
      </section>
    </article>
  );
}

function Loaded({ id }: { id: number }) {
  const recognition = useRecognition(id);
  if (recognition.isPending) return <Loading />;
  if (recognition.isError) return <ErrorMessage error={recognition.error} onRetry={() => void recognition.refetch()} />;
  return <Detail recognition={recognition.data} />;
}

export function RecognitionDetailPage() {
  const { t } = useTranslation('recognitions');
  const id = Number(useParams().id);
  return (
    <div className="page-frame">
      <p className="breadcrumb">
        <Link to="/recognitions">← {t('back')}</Link>
      </p>
      {Number.isSafeInteger(id) && id > 0 ? (
        <Loaded id={id} />
      ) : (
        <div className="error-message" role="alert">
          <p className="error-message__title">{t('notFound')}</p>
        </div>
      )}
    </div>
  );
}
