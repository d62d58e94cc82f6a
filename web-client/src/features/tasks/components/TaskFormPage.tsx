import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { ApiError } from '@/lib/api/problem';
import { useSession } from '@/lib/auth/session';
import { newIdempotencyKey } from '@/lib/forms/fieldErrors';
import { useLocalized } from '@/lib/i18n/localize';
import { TaskForm, type ProvisionChoice } from '@/lib/tasks/TaskForm';
import { emptyTaskForm, formToCreateRequest, formToUpdateRequest, taskToForm, type TaskFormValues } from '@/lib/tasks/taskForm';
import { QueryStatus } from '@/lib/ui/QueryState';
import { useDocumentTitle } from '@/lib/ui/useDocumentTitle';
import { useCitableProvisions, useCreateTask, useRegulationChoices, useTask, useUpdateTask, type RegulationSummary, type Task } from '../api/tasks';
import { citableProvisions } from '../citations';
import { todayInHanoi } from '../today';
import { useCitationText } from './TaskParts';

/** What a task of this regulation may cite, labelled "Điều 3, khoản 2" and indented under its article. */
function useProvisionChoices(regulationId: number | null): ProvisionChoice[] {
  const { language } = useLocalized();
  const text = useCitableProvisions(regulationId);
  const citationText = useCitationText();
  return (text.data ? citableProvisions(text.data.chapters, language) : []).map((p) => ({
    aknId: p.aknId,
    label: `${'\u00a0\u00a0'.repeat(p.depth)}${citationText(p.aknId)}${p.heading && p.depth === 0 ? `. ${p.heading}` : ''}`,
  }));
}

function TaskCreateForm({ regulations, initial }: { regulations: readonly RegulationSummary[]; initial: TaskFormValues }) {
  const { t } = useTranslation('tasks');
  const navigate = useNavigate();
  const { pick } = useLocalized();
  const create = useCreateTask();
  const attempt = useRef<{ body: string; key: string } | null>(null);
  const [regulationId, setRegulationId] = useState(initial.regulationId);
  const provisions = useProvisionChoices(regulationId ? Number(regulationId) : null);
  const citationText = useCitationText();

  function submit(values: TaskFormValues) {
    const body = formToCreateRequest(values);
    const json = JSON.stringify(body);
    // One key per submission: resending the same body (after a lost answer) replays it instead of creating a twin.
    if (attempt.current?.body !== json) attempt.current = { body: json, key: newIdempotencyKey() };
    create.mutate({ body, idempotencyKey: attempt.current.key }, { onSuccess: (task) => void navigate(`/tasks/${task.id}`) });
  }

  return (
    <TaskForm
      mode="create"
      initial={initial}
      regulations={regulations.map((r) => ({ id: r.id, label: `${r.code} — ${pick(r.titleVi, r.titleEn).text ?? ''}` }))}
      onRegulationChange={setRegulationId}
      provisions={provisions}
      citationLabel={citationText}
      error={create.error}
      pending={create.isPending}
      submitLabel={t('form.create')}
      onSubmit={submit}
      onCancel={() => void navigate('/tasks')}
    />
  );
}

export function TaskCreatePage() {
  const { t } = useTranslation('tasks');
  const [params] = useSearchParams();
  const { me } = useSession();
  const regulations = useRegulationChoices();
  useDocumentTitle(t('newTitle'));

  const requested = Number(params.get('regulationId'));
  const year = Number(todayInHanoi().slice(0, 4));
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to="/tasks">← {t('backToList')}</Link>
      </p>
      <h1>{t('newTitle')}</h1>
      <p className="lead">{t('newIntro')}</p>
      <QueryStatus query={regulations} retry={false} />
      {regulations.isSuccess && (
        <TaskCreateForm
          regulations={regulations.data}
          initial={emptyTaskForm({ regulationId: requested > 0 ? requested : (regulations.data[0]?.id ?? null), leadUnitCode: me?.unitCode ?? null, year })}
        />
      )}
    </div>
  );
}

function StaleNotice({ onReload }: { onReload: () => void }) {
  const { t } = useTranslation('tasks');
  return (
    <div className="error-message" role="alert">
      <p className="error-message__title">{t('form.staleTitle')}</p>
      <p>{t('form.staleText')}</p>
      <button type="button" className="button" onClick={onReload}>
        {t('form.reload')}
      </button>
    </div>
  );
}

function TaskEditForm({ task, etag, onReload }: { task: Task; etag: string | null; onReload: () => void }) {
  const navigate = useNavigate();
  const { t } = useTranslation('tasks');
  const update = useUpdateTask(task.id);
  const provisions = useProvisionChoices(task.regulationId);
  const citationText = useCitationText();
  const stale = update.error instanceof ApiError && update.error.status === 412;
  return (
    <>
      {stale && <StaleNotice onReload={onReload} />}
      <TaskForm
        mode="edit"
        initial={taskToForm(task)}
        provisions={provisions}
        citationLabel={citationText}
        error={stale ? null : update.error}
        pending={update.isPending}
        submitLabel={t('form.save')}
        onSubmit={(values) =>
          update.mutate({ body: formToUpdateRequest(values), etag: etag ?? '' }, { onSuccess: () => void navigate(`/tasks/${task.id}`) })
        }
        onCancel={() => void navigate(`/tasks/${task.id}`)}
      />
    </>
  );
}

export function TaskEditPage() {
  const { t } = useTranslation('tasks');
  const id = Number(useParams().id);
  const query = useTask(id);
  // A new form (and a cleared error) each time the person reloads after someone else's change.
  const [generation, setGeneration] = useState(0);
  const task = query.data?.task;
  useDocumentTitle(task ? t('editTitle', { code: task.code }) : t('detailTitle'));

  async function reload() {
    await query.refetch();
    setGeneration((g) => g + 1);
  }

  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to={`/tasks/${id}`}>← {task ? task.code : t('backToList')}</Link>
      </p>
      <h1>{task ? t('editTitle', { code: task.code }) : t('detailTitle')}</h1>
      <QueryStatus query={query} retry={false} />
      {task && !task.mayEdit && <p className="note">{t('form.mayNotEdit')}</p>}
      {task && task.mayEdit && <TaskEditForm key={`${generation}-${query.data?.etag}`} task={task} etag={query.data?.etag ?? null} onReload={() => void reload()} />}
    </div>
  );
}
