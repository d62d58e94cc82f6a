import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { evidenceApi, formatBytes, isRouteMissing, type Evidence, type EvidenceOwner } from '@/lib/api/collaboration';
import { filenameFromContentDisposition, saveBlob } from '@/lib/api/download';
import { useLocalized } from '@/lib/i18n/localize';
import { ErrorMessage } from '@/lib/ui/QueryState';
import { formatInstant } from '@/lib/ui/formatInstant';
import { useEvidence, useUploadEvidence } from './api';
import './collaboration.css';

function DownloadButton({ evidence, onError }: { evidence: Evidence; onError: (error: unknown) => void }) {
  const [busy, setBusy] = useState(false);
  async function download() {
    setBusy(true);
    try {
      const { blob, contentDisposition } = await evidenceApi.download(evidence);
      saveBlob(blob, filenameFromContentDisposition(contentDisposition, evidence.fileName));
    } catch (error) {
      onError(error);
    } finally {
      setBusy(false);
    }
  }
  return (
    <button type="button" className="button button--link evidence__name" onClick={() => void download()} disabled={busy}>
      {evidence.fileName}
    </button>
  );
}

/** The files that evidence a progress report or a review's minutes: name, size and SHA-256, a download each, and an upload for those who may. */
export function EvidencePanel({ owner, mayUpload }: { owner: EvidenceOwner; mayUpload: boolean }) {
  const { t } = useTranslation();
  const { language } = useLocalized();
  const evidence = useEvidence(owner);
  const upload = useUploadEvidence(owner);
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const [file, setFile] = useState<File | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const inputId = useId();
  // Where the server has no evidence files (yet), there is no panel.
  if (isRouteMissing(evidence.error)) return null;
  const items = evidence.data?.items ?? [];
  return (
    <div className="evidence">
      <p className="evidence__title">{t('collaboration.evidence')}</p>
      {evidence.isError && <ErrorMessage error={evidence.error} onRetry={() => void evidence.refetch()} />}
      {downloadError !== null && <ErrorMessage error={downloadError} />}
      {evidence.data && items.length === 0 && <p className="muted evidence__empty">{t('collaboration.noEvidence')}</p>}
      {items.length > 0 && (
        <ul className="evidence__list">
          {items.map((e) => (
            <li key={e.id} className="evidence__item">
              <DownloadButton evidence={e} onError={setDownloadError} /> <span className="muted">{formatBytes(e.sizeBytes, language)}</span>
              <br />
              <span className="muted">SHA-256 </span>
              <code className="evidence__hash">{e.sha256}</code>
              <br />
              <span className="muted">
                {e.uploadedBy} · {formatInstant(e.uploadedAt, language)}
              </span>
            </li>
          ))}
        </ul>
      )}
      {mayUpload && evidence.data && (
        <form
          className="evidence__upload"
          onSubmit={(event) => {
            event.preventDefault();
            if (!file) return;
            upload.mutate(file, {
              onSuccess: () => {
                setFile(null);
                if (input.current) input.current.value = '';
              },
            });
          }}
        >
          {upload.isError && <ErrorMessage error={upload.error} />}
          <label htmlFor={inputId}>{t('collaboration.chooseFile')}</label>{' '}
          <input id={inputId} ref={input} type="file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />{' '}
          <button type="submit" className="button" disabled={!file || upload.isPending}>
            {upload.isPending ? t('collaboration.uploading') : t('collaboration.upload')}
          </button>
        </form>
      )}
    </div>
  );
}
