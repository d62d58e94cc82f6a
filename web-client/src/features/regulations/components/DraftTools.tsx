import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError } from '@/lib/api/problem';
import { useLocalized } from '@/lib/i18n/localize';
import { Field, UnplacedErrors } from '@/lib/forms/Field';
import { placeFieldErrors, problemFieldErrors } from '@/lib/forms/fieldErrors';
import { ErrorMessage, Loading } from '@/lib/ui/QueryState';
import {
  useCreateProvision,
  useDeleteProvision,
  useProvision,
  usePublishVersion,
  useStartAmendment,
  useUpdateProvision,
  useVersion,
  type TextProvision,
} from '../api/text';
import { citeAkn } from '@/lib/text/akn';

type Kind = 'chapter' | 'article' | 'clause' | 'point';

const childKinds: Record<string, Kind | undefined> = { chapter: 'article', article: 'clause', clause: 'point' };

const provisionFields = ['num', 'headingVi', 'headingEn', 'textVi', 'textEn', 'isSummary', 'position'] as const;
const publishFields = ['effectiveFrom', 'note'] as const;

/** A 400 puts its messages on the inputs (and lists those no input takes); any other failure shows the problem. */
function FormErrors({ error, unplaced }: { error: unknown; unplaced: Record<string, string[]> }) {
  if (!error) return null;
  return (
    <>
      {!(error instanceof ApiError && error.status === 400) && <ErrorMessage error={error} />}
      <UnplacedErrors errors={unplaced} />
    </>
  );
}

function todayIso(): string {
  const now = new Date();
  const local = new Date(now.getTime() - now.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 10);
}

interface ProvisionValues {
  num: string;
  headingVi: string;
  headingEn: string;
  textVi: string;
  textEn: string;
  isSummary: boolean;
  position: string;
}

function ProvisionForm({
  title,
  initial,
  withNumber,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  title: string;
  initial: ProvisionValues;
  withNumber: boolean;
  pending: boolean;
  error: unknown;
  onSubmit: (values: ProvisionValues) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('regulations');
  const [values, setValues] = useState(initial);
  const { byField: errors, unplaced } = placeFieldErrors(problemFieldErrors(error), provisionFields);
  const set = (name: keyof ProvisionValues) => (event: { target: { value: string } }) => setValues({ ...values, [name]: event.target.value });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(values);
  };
  const titleId = useId();
  return (
    <form className="draft-form" onSubmit={submit} aria-labelledby={titleId} noValidate>
      <p id={titleId} className="draft-form__title">
        {title}
      </p>
      <FormErrors error={error} unplaced={unplaced} />
      {withNumber && (
        <Field label={t('draft.fields.num')} errors={errors.num}>
          {(props) => <input {...props} className="input--short" value={values.num} onChange={set('num')} required />}
        </Field>
      )}
      <div className="bilingual">
        <Field label={t('draft.fields.headingVi')} errors={errors.headingVi}>
          {(props) => <input {...props} lang="vi" value={values.headingVi} onChange={set('headingVi')} />}
        </Field>
        <Field label={t('draft.fields.headingEn')} errors={errors.headingEn}>
          {(props) => <input {...props} lang="en" value={values.headingEn} onChange={set('headingEn')} />}
        </Field>
        <Field label={t('draft.fields.textVi')} errors={errors.textVi}>
          {(props) => <textarea {...props} lang="vi" rows={5} value={values.textVi} onChange={set('textVi')} />}
        </Field>
        <Field label={t('draft.fields.textEn')} errors={errors.textEn}>
          {(props) => <textarea {...props} lang="en" rows={5} value={values.textEn} onChange={set('textEn')} />}
        </Field>
      </div>
      <Field label={t('draft.fields.position')} errors={errors.position}>
        {(props) => (
          <input {...props} type="number" min={1} className="input--short" value={values.position} onChange={set('position')} />
        )}
      </Field>
      <label className="checkbox">
        <input type="checkbox" checked={values.isSummary} onChange={(e) => setValues({ ...values, isSummary: e.target.checked })} />{' '}
        {t('draft.fields.isSummary')}
      </label>
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={pending}>
          {pending ? t('draft.saving') : t('draft.save')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('draft.cancel')}
        </button>
      </div>
    </form>
  );
}

const orNull = (value: string) => (value.trim() === '' ? null : value);

function EditProvision({ regulationId, number, aknId, onDone }: { regulationId: number; number: number; aknId: string; onDone: () => void }) {
  const { t } = useTranslation('regulations');
  const { language } = useLocalized();
  const detail = useProvision(regulationId, number, aknId);
  const update = useUpdateProvision(regulationId, number);
  if (detail.isPending) return <Loading />;
  if (detail.isError) return <ErrorMessage error={detail.error} onRetry={() => void detail.refetch()} />;
  const p = detail.data.value;
  const stale = update.error instanceof ApiError && update.error.status === 412;
  return (
    <>
      <ProvisionForm
        title={t('draft.editTitle', { provision: citeAkn(aknId, language) })}
        initial={{
          num: p.num,
          headingVi: p.headingVi ?? '',
          headingEn: p.headingEn ?? '',
          textVi: p.textVi ?? '',
          textEn: p.textEn ?? '',
          isSummary: p.isSummary,
          position: String(p.position),
        }}
        withNumber={false}
        pending={update.isPending}
        error={update.error}
        onCancel={onDone}
        onSubmit={(values) =>
          update.mutate(
            {
              aknId,
              etag: detail.data.etag ?? '',
              body: {
                headingVi: orNull(values.headingVi),
                headingEn: orNull(values.headingEn),
                textVi: orNull(values.textVi),
                textEn: orNull(values.textEn),
                isSummary: values.isSummary,
                position: values.position ? Number(values.position) : null,
              },
            },
            { onSuccess: onDone },
          )
        }
      />
      {stale && (
        <p className="note">
          {t('draft.stale')}{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => {
              update.reset();
              void detail.refetch();
            }}
          >
            {t('draft.reload')}
          </button>
        </p>
      )}
    </>
  );
}

function AddProvision({
  regulationId,
  number,
  parent,
  kind,
  onDone,
}: {
  regulationId: number;
  number: number;
  parent: TextProvision | null;
  kind: Kind;
  onDone: () => void;
}) {
  const { t } = useTranslation('regulations');
  const { language } = useLocalized();
  const create = useCreateProvision(regulationId, number);
  const title = parent
    ? t('draft.addTitle', { kind: t(`provision.kinds.${kind}`), parent: citeAkn(parent.aknId, language) })
    : t('draft.addTopTitle');
  return (
    <ProvisionForm
      title={title}
      initial={{ num: String((parent?.children.length ?? 0) + 1), headingVi: '', headingEn: '', textVi: '', textEn: '', isSummary: false, position: '' }}
      withNumber
      pending={create.isPending}
      error={create.error}
      onCancel={onDone}
      onSubmit={(values) =>
        create.mutate(
          {
            parentAknId: parent?.aknId ?? null,
            kind,
            num: values.num.trim(),
            headingVi: orNull(values.headingVi),
            headingEn: orNull(values.headingEn),
            textVi: orNull(values.textVi),
            textEn: orNull(values.textEn),
            isSummary: values.isSummary,
            position: values.position ? Number(values.position) : null,
          },
          { onSuccess: onDone },
        )
      }
    />
  );
}

function DeleteProvision({ regulationId, number, aknId, onDone }: { regulationId: number; number: number; aknId: string; onDone: () => void }) {
  const { t } = useTranslation('regulations');
  const { language } = useLocalized();
  // The ETag is read when the question is asked, so a change made meanwhile by someone else is not deleted unseen.
  const detail = useProvision(regulationId, number, aknId);
  const remove = useDeleteProvision(regulationId, number);
  return (
    <div className="draft-form" role="group" aria-label={t('draft.delete')}>
      <p>{t('draft.deleteConfirm', { provision: citeAkn(aknId, language) })}</p>
      {remove.error ? <ErrorMessage error={remove.error} /> : null}
      <div className="form-actions">
        <button
          type="button"
          className="button button--danger"
          disabled={!detail.data || remove.isPending}
          onClick={() => remove.mutate({ aknId, etag: detail.data?.etag ?? '' }, { onSuccess: onDone })}
        >
          {t('draft.deleteYes')}
        </button>
        <button type="button" className="button" onClick={onDone}>
          {t('draft.cancel')}
        </button>
      </div>
    </div>
  );
}

/** Edit, delete and add-under buttons beside a provision of a draft, and the form of the one chosen. */
export function DraftProvisionTools({ regulationId, number, provision }: { regulationId: number; number: number; provision: TextProvision }) {
  const { t } = useTranslation('regulations');
  const { language } = useLocalized();
  const [action, setAction] = useState<'edit' | 'add' | 'delete' | null>(null);
  const childKind = childKinds[provision.kind];
  const name = citeAkn(provision.aknId, language);
  const done = () => setAction(null);
  const addLabel = { article: t('draft.addArticle'), clause: t('draft.addClause'), point: t('draft.addPoint'), chapter: t('draft.addChapter') };
  return (
    <div className="draft-tools">
      {action === null && (
        <div className="draft-tools__buttons">
          <button type="button" className="button button--small" onClick={() => setAction('edit')} aria-label={`${t('draft.edit')}: ${name}`}>
            {t('draft.edit')}
          </button>
          {childKind && (
            <button type="button" className="button button--small" onClick={() => setAction('add')} aria-label={`${addLabel[childKind]}: ${name}`}>
              {addLabel[childKind]}
            </button>
          )}
          <button type="button" className="button button--small button--danger" onClick={() => setAction('delete')} aria-label={`${t('draft.delete')}: ${name}`}>
            {t('draft.delete')}
          </button>
        </div>
      )}
      {action === 'edit' && <EditProvision regulationId={regulationId} number={number} aknId={provision.aknId} onDone={done} />}
      {action === 'add' && childKind && (
        <AddProvision regulationId={regulationId} number={number} parent={provision} kind={childKind} onDone={done} />
      )}
      {action === 'delete' && <DeleteProvision regulationId={regulationId} number={number} aknId={provision.aknId} onDone={done} />}
    </div>
  );
}

export function AddChapter({ regulationId, number }: { regulationId: number; number: number }) {
  const { t } = useTranslation('regulations');
  const [open, setOpen] = useState(false);
  return open ? (
    <AddProvision regulationId={regulationId} number={number} parent={null} kind="chapter" onDone={() => setOpen(false)} />
  ) : (
    <button type="button" className="button button--small" onClick={() => setOpen(true)}>
      {t('draft.addChapter')}
    </button>
  );
}

/** The banner of a draft, and its publication with an effective date (409 once published, 412 if edited meanwhile). */
export function DraftBar({ regulationId, number }: { regulationId: number; number: number }) {
  const { t } = useTranslation('regulations');
  const version = useVersion(regulationId, number);
  const publish = usePublishVersion(regulationId, number);
  const [, setSearchParams] = useSearchParams();
  const [open, setOpen] = useState(false);
  const [effectiveFrom, setEffectiveFrom] = useState(todayIso);
  const [note, setNote] = useState('');
  const { byField: errors, unplaced } = placeFieldErrors(problemFieldErrors(publish.error), publishFields);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!version.data) return;
    publish.mutate(
      { etag: version.data.etag ?? '', body: { effectiveFrom: effectiveFrom || null, note: note.trim() || null } },
      { onSuccess: (published) => setSearchParams({ version: String(published.number) }) },
    );
  };
  return (
    <div className="draft-bar" role="region" aria-label={t('draft.publishTitle')}>
      <p className="draft-bar__banner">{t('draft.banner', { number })}</p>
      {!open ? (
        <button type="button" className="button button--primary" onClick={() => setOpen(true)}>
          {t('draft.publish', { number })}
        </button>
      ) : (
        <form className="draft-form" onSubmit={submit} noValidate>
          <p className="draft-form__title">{t('draft.publishTitle')}</p>
          <p className="muted">{t('draft.publishHint')}</p>
          <FormErrors error={publish.error} unplaced={unplaced} />
          {version.isError && <ErrorMessage error={version.error} />}
          <Field label={t('draft.fields.effectiveFrom')} errors={errors.effectiveFrom}>
            {(props) => <input {...props} type="date" className="input--short" value={effectiveFrom} onChange={(e) => setEffectiveFrom(e.target.value)} />}
          </Field>
          <Field label={t('draft.fields.note')} errors={errors.note}>
            {(props) => <textarea {...props} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />}
          </Field>
          <div className="form-actions">
            <button type="submit" className="button button--primary" disabled={publish.isPending || !version.data}>
              {t('draft.publishSubmit')}
            </button>
            <button type="button" className="button" onClick={() => setOpen(false)}>
              {t('draft.cancel')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}

/** Starts an amendment (a draft copied from the latest published text) and opens it. */
export function StartAmendment({ regulationId }: { regulationId: number }) {
  const { t } = useTranslation('regulations');
  const start = useStartAmendment(regulationId);
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const noteId = useId();
  if (!open) {
    return (
      <button type="button" className="button" onClick={() => setOpen(true)}>
        {t('draft.startAmendment')}
      </button>
    );
  }
  return (
    <form
      className="draft-form"
      onSubmit={(event) => {
        event.preventDefault();
        start.mutate(note.trim() || null, {
          onSuccess: (draft) => void navigate({ search: `?version=${draft.number}` }),
        });
      }}
    >
      <p className="draft-form__title">{t('draft.startTitle')}</p>
      {start.error ? <ErrorMessage error={start.error} /> : null}
      <div className="field">
        <label htmlFor={noteId}>{t('draft.startNote')}</label>
        <textarea id={noteId} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
      </div>
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={start.isPending}>
          {t('draft.startSubmit')}
        </button>
        <button type="button" className="button" onClick={() => setOpen(false)}>
          {t('draft.cancel')}
        </button>
      </div>
    </form>
  );
}
