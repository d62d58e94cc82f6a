import { useTranslation } from 'react-i18next';
import { useLocalized } from '@/lib/i18n/localize';
import { ErrorMessage } from '@/lib/ui/QueryState';
import {
  documentKinds,
  documentLanguages,
  useDownloadReviewDocument,
  useDownloadSummaryDocument,
  type DocumentLanguage,
  type DownloadedDocument,
} from '../api/documents';
import './minutes.css';

function Downloaded({ document }: { document: DownloadedDocument | undefined }) {
  const { t } = useTranslation('reviews');
  const { count } = useLocalized();
  if (!document) return null;
  return (
    <p className="note note--ok" role="status">
      {t('documents.downloaded', { filename: document.filename, bytes: count(document.bytes) })}
    </p>
  );
}

/** The review's official documents (report, adopted plan, minutes) as .docx downloads in either language. */
export function DocumentsPanel({ reviewId }: { reviewId: number }) {
  const { t } = useTranslation('reviews');
  const download = useDownloadReviewDocument(reviewId);
  const busy = download.isPending;
  return (
    <section className="section documents" aria-labelledby="documents-title">
      <h2 id="documents-title">{t('documents.title')}</h2>
      <p className="muted">{t('documents.intro')}</p>
      <ul className="documents__list">
        {documentKinds.map((kind) => (
          <li key={kind} className="documents__item">
            <span className="documents__name">{t(`documents.kinds.${kind}`)}</span>
            <span className="documents__buttons">
              {documentLanguages.map((lang) => (
                <button
                  key={lang}
                  type="button"
                  className="button button--small"
                  lang={lang}
                  disabled={busy}
                  aria-label={t('documents.download', { document: t(`documents.kinds.${kind}`), language: t(`documents.languages.${lang}`) })}
                  onClick={() => download.mutate({ kind, lang })}
                >
                  {busy && download.variables?.kind === kind && download.variables.lang === lang ? t('documents.downloading') : `${lang.toUpperCase()} · .docx`}
                </button>
              ))}
            </span>
          </li>
        ))}
      </ul>
      {download.isError && <ErrorMessage error={download.error} />}
      <Downloaded document={download.data} />
    </section>
  );
}

/** The five-year preliminary summary of a regulation over the years shown, as a .docx in either language. */
export function SummaryDocumentButtons({ regulationId, years }: { regulationId: number; years: readonly number[] }) {
  const { t } = useTranslation('reviews');
  const download = useDownloadSummaryDocument();
  const range = years.length > 0 ? { fromYear: Math.min(...years), toYear: Math.max(...years) } : {};
  const start = (lang: DocumentLanguage) => download.mutate({ regulationId, ...range, lang });
  return (
    <div className="documents documents--summary">
      <p className="form-actions">
        {documentLanguages.map((lang) => (
          <button key={lang} type="button" className="button" disabled={download.isPending} onClick={() => start(lang)}>
            {t('documents.summary', { language: t(`documents.languages.${lang}`) })}
          </button>
        ))}
      </p>
      {download.isError && <ErrorMessage error={download.error} />}
      <Downloaded document={download.data} />
    </div>
  );
}
