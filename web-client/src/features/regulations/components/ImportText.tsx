import { zodResolver } from '@hookform/resolvers/zod';
import { useId, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ApiError } from '@/lib/api/problem';
import { Field, UnplacedErrors } from '@/lib/forms/Field';
import { formFieldErrors, problemFieldErrors } from '@/lib/forms/fieldErrors';
import { ErrorMessage } from '@/lib/ui/QueryState';
import { useImportText, usePreviewImport, type ImportPreview, type TextProvision } from '../api/text';
import { countProvisions, importFormFields, importFormSchema, maxImportNote, toImportRequest, type ImportFormValues } from '../importForm';
import './import.css';

/** "Chương I", "Điều 4.", "1.", "a)": a provision's number as the document printed it. */
function useNumberLabel() {
  const { t } = useTranslation('regulations');
  return (p: TextProvision) => {
    switch (p.kind) {
      case 'chapter':
        return t('provision.chapter', { num: p.num });
      case 'article':
        return `${t('provision.article', { num: p.num })}.`;
      case 'clause':
        return `${p.num}.`;
      default:
        return `${p.num})`;
    }
  };
}

/** The parsed tree as an outline: each provision's number and its heading (or the start of its text). */
function ImportTree({ provisions }: { provisions: readonly TextProvision[] }) {
  const label = useNumberLabel();
  return (
    <ul className="import-tree">
      {provisions.map((p) => (
        <li key={p.aknId} className={`import-tree__item import-tree__item--${p.kind}`}>
          <span className="import-tree__line">
            <span className="import-tree__num">{label(p)}</span>{' '}
            <span className="import-tree__text" lang="vi">
              {p.headingVi ?? p.textVi}
            </span>
          </span>
          {p.children.length > 0 && <ImportTree provisions={p.children} />}
        </li>
      ))}
    </ul>
  );
}

function PreviewResult({ preview }: { preview: ImportPreview }) {
  const { t } = useTranslation('regulations');
  const counts = countProvisions(preview.chapters);
  const id = useId();
  return (
    <section className="import-preview" aria-labelledby={id}>
      <h3 id={id}>{t('import.previewTitle')}</h3>
      <p className="import-preview__format">
        {t('import.format')}: <code>{preview.format}</code>
      </p>
      <dl className="import-counts" aria-label={t('import.counts')}>
        {(['chapter', 'article', 'clause', 'point'] as const).map((kind) => (
          <div key={kind}>
            <dt>{t(`import.countLabels.${kind}`)}</dt>
            <dd data-kind={kind}>{counts[kind]}</dd>
          </div>
        ))}
        <div>
          <dt>{t('import.countLabels.total')}</dt>
          <dd data-kind="total">{preview.provisions}</dd>
        </div>
      </dl>
      {preview.skipped.length > 0 && (
        <details className="import-skipped">
          <summary>{t('import.skipped', { count: preview.skipped.length })}</summary>
          <ul>
            {preview.skipped.map((s) => (
              <li key={s.index}>
                {t('import.paragraph', { index: s.index })}: <q lang="vi">{s.text}</q>
              </li>
            ))}
          </ul>
        </details>
      )}
      {preview.chapters.length === 0 ? <p className="note">{t('import.emptyTree')}</p> : <ImportTree provisions={preview.chapters} />}
    </section>
  );
}

function ImportForm({ regulationId, onClose }: { regulationId: number; onClose: () => void }) {
  const { t } = useTranslation('regulations');
  const navigate = useNavigate();
  const preview = usePreviewImport(regulationId);
  const create = useImportText(regulationId);
  const { control, register, handleSubmit, formState, getValues } = useForm<ImportFormValues>({
    resolver: zodResolver(importFormSchema),
    defaultValues: { document: null, note: '', summary: false },
  });
  // The answer that matters is the last one: a preview's 400, or the creation's 409 once previewed.
  const error = create.error ?? preview.error;
  const { errorsFor, unplaced } = formFieldErrors(formState.errors, problemFieldErrors(error), importFormFields);
  // Once the draft exists the reader offers it instead of this form, which may be gone before a callback of
  // `mutate` would run: the promise of `mutateAsync` settles regardless. A failure is shown from `create.error`.
  const createDraft = () =>
    void create
      .mutateAsync(toImportRequest(getValues()))
      .then((draft) => navigate({ search: `?version=${draft.version.number}` }))
      .catch(() => undefined);
  const titleId = useId();
  return (
    <form
      className="draft-form import-form"
      aria-labelledby={titleId}
      noValidate
      onSubmit={(event) => void handleSubmit((values) => preview.mutate(toImportRequest(values)))(event)}
    >
      <p id={titleId} className="draft-form__title">
        {t('import.title')}
      </p>
      <p className="muted">{t('import.hint')}</p>
      {error instanceof ApiError && error.status === 400 && Object.keys(unplaced).length > 0 && (
        <div className="error-message" role="alert">
          <p className="error-message__title">{error.problem.title ?? t('import.invalid')}</p>
          <p>{t('import.paragraphProblems')}</p>
        </div>
      )}
      {error && !(error instanceof ApiError && error.status === 400) && <ErrorMessage error={error} />}
      <UnplacedErrors errors={unplaced} />
      <Field label={t('import.fields.document')} hint={t('import.fileHint')} errors={errorsFor('document')}>
        {(props) => (
          <Controller
            control={control}
            name="document"
            render={({ field }) => (
              <input
                {...props}
                type="file"
                name={field.name}
                ref={field.ref}
                onBlur={field.onBlur}
                accept=".docx,.xml,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/akn+xml"
                onChange={(e) => {
                  field.onChange(e.target.files?.[0] ?? null);
                  // A new document: the preview shown was of another one.
                  preview.reset();
                  create.reset();
                }}
              />
            )}
          />
        )}
      </Field>
      <Field label={t('import.fields.note')} errors={errorsFor('note')}>
        {(props) => <textarea {...props} {...register('note')} rows={2} maxLength={maxImportNote} />}
      </Field>
      <label className="checkbox">
        <input type="checkbox" {...register('summary')} /> {t('import.fields.summary')}
      </label>
      <div className="form-actions">
        <button type="submit" className="button" disabled={preview.isPending}>
          {preview.isPending ? t('import.reading') : t('import.preview')}
        </button>
        <button type="button" className="button" onClick={onClose}>
          {t('draft.cancel')}
        </button>
      </div>
      {preview.data && (
        <>
          <PreviewResult preview={preview.data} />
          <div className="form-actions">
            <button type="button" className="button button--primary" disabled={create.isPending || preview.data.provisions === 0} onClick={createDraft}>
              {create.isPending ? t('import.creating') : t('import.create')}
            </button>
          </div>
        </>
      )}
    </form>
  );
}

/** Imports the regulation's text from a signed document (.docx or Akoma Ntoso) into a new draft, after a preview. */
export function ImportText({ regulationId }: { regulationId: number }) {
  const { t } = useTranslation('regulations');
  const [open, setOpen] = useState(false);
  return open ? (
    <ImportForm regulationId={regulationId} onClose={() => setOpen(false)} />
  ) : (
    <button type="button" className="button" onClick={() => setOpen(true)}>
      {t('import.open')}
    </button>
  );
}
