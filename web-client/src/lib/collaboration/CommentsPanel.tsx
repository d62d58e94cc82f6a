import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isRouteMissing, type Comment, type CommentTarget } from '@/lib/api/collaboration';
import { ApiError } from '@/lib/api/problem';
import { useSession } from '@/lib/auth/session';
import { newIdempotencyKey } from '@/lib/forms/fieldErrors';
import { useLocalized } from '@/lib/i18n/localize';
import { ErrorMessage, Loading } from '@/lib/ui/QueryState';
import { formatInstant } from '@/lib/ui/formatInstant';
import { useAddComment, useComments, useEditComment } from './api';
import { MentionTextarea, type MentionCandidate } from './MentionTextarea';
import './collaboration.css';

/** The longest comment the form lets through (the API has the last word: its 400 is shown). */
export const maxCommentLength = 10_000;

/** A comment's text with the mentions the API recognised set apart. */
function Body({ comment }: { comment: Comment }) {
  const mentioned = new Set(comment.mentions.map((m) => m.username));
  const parts = comment.body.split(/(@[\w.-]*\w)/u);
  return (
    <p className="comment__body pre-line">
      {parts.map((part, i) =>
        part.startsWith('@') && mentioned.has(part.slice(1)) ? (
          <strong key={i} className="comment__mention" title={comment.mentions.find((m) => m.username === part.slice(1))?.displayName}>
            {part}
          </strong>
        ) : (
          part
        ),
      )}
    </p>
  );
}

/** The people known to read the thread: its authors and everyone it mentions, the signed-in person aside. */
export function threadPeople(comments: readonly Comment[], self: string | undefined): MentionCandidate[] {
  const people = new Map<string, MentionCandidate>();
  for (const c of comments) {
    people.set(c.author.username, { username: c.author.username, displayName: c.author.displayName });
    for (const m of c.mentions) people.set(m.username, m);
  }
  if (self) people.delete(self);
  return [...people.values()].sort((a, b) => a.username.localeCompare(b.username));
}

function CommentItem({ comment, target, candidates }: { comment: Comment; target: CommentTarget; candidates: MentionCandidate[] }) {
  const { t } = useTranslation();
  const { language } = useLocalized();
  const { me } = useSession();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(comment.body);
  const edit = useEditComment(target);
  const stale = edit.error instanceof ApiError && edit.error.status === 412;
  const own = me?.username === comment.author.username;

  function save(event: FormEvent) {
    event.preventDefault();
    edit.mutate({ id: comment.id, etag: comment.etag, body: text.trim() }, { onSuccess: () => setEditing(false) });
  }

  return (
    <li className="comment">
      <p className="comment__meta">
        <strong>{comment.author.displayName}</strong> <span className="muted">({comment.author.agencyCode})</span> ·{' '}
        <time dateTime={comment.createdAt}>{formatInstant(comment.createdAt, language)}</time>
        {comment.editedAt && <span className="muted"> · {t('collaboration.edited', { when: formatInstant(comment.editedAt, language) })}</span>}
      </p>
      {editing ? (
        <form onSubmit={save} className="comment__edit">
          {stale && (
            <p className="note" role="alert">
              {t('collaboration.staleComment')}
            </p>
          )}
          {edit.isError && !stale && <ErrorMessage error={edit.error} />}
          <MentionTextarea
            aria-label={t('collaboration.editLabel')}
            rows={3}
            maxLength={maxCommentLength}
            value={text}
            onValueChange={setText}
            candidates={candidates}
          />
          <div className="form-actions">
            <button type="submit" className="button button--primary" disabled={edit.isPending || text.trim().length === 0 || text.trim() === comment.body}>
              {t('common.save')}
            </button>
            <button
              type="button"
              className="button"
              onClick={() => {
                setEditing(false);
                setText(comment.body);
                edit.reset();
              }}
            >
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <>
          <Body comment={comment} />
          {own && (
            <button type="button" className="button button--link" onClick={() => setEditing(true)}>
              {t('collaboration.edit')}
            </button>
          )}
        </>
      )}
    </li>
  );
}

function NewComment({ target, candidates }: { target: CommentTarget; candidates: MentionCandidate[] }) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState('');
  const attempt = useRef<{ body: string; key: string } | null>(null);
  const add = useAddComment(target);

  function submit(event: FormEvent) {
    event.preventDefault();
    const body = text.trim();
    if (!body) return;
    // The same text sent again keeps its key, so a lost answer cannot post the comment twice.
    if (attempt.current?.body !== body) attempt.current = { body, key: newIdempotencyKey() };
    add.mutate(
      { body, idempotencyKey: attempt.current.key },
      {
        onSuccess: () => {
          setText('');
          attempt.current = null;
        },
      },
    );
  }

  return (
    <form onSubmit={submit} className="comment-form" aria-labelledby={`${id}-label`}>
      {add.isError && <ErrorMessage error={add.error} />}
      <label id={`${id}-label`} htmlFor={`${id}-text`}>
        {t('collaboration.newComment')}
      </label>
      <MentionTextarea id={`${id}-text`} name="comment" rows={3} maxLength={maxCommentLength} value={text} onValueChange={setText} candidates={candidates} />
      <p className="field__hint">{t('collaboration.mentionHint')}</p>
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={add.isPending || text.trim().length === 0}>
          {add.isPending ? t('common.saving') : t('collaboration.post')}
        </button>
      </div>
    </form>
  );
}

/** The discussion of a task or a review: everyone who may read it reads and writes here; authors edit their own. */
export function CommentsPanel({ target }: { target: CommentTarget }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const comments = useComments(target);
  const headingId = useId();
  // Where the server has no comments (yet), there is no panel.
  if (isRouteMissing(comments.error)) return null;
  const items = comments.data?.items ?? [];
  const candidates = threadPeople(items, me?.username);
  return (
    <section className="section comments" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('collaboration.comments')}</h2>
      {comments.isPending && <Loading />}
      {comments.isError && <ErrorMessage error={comments.error} onRetry={() => void comments.refetch()} />}
      {comments.data &&
        (items.length === 0 ? (
          <p className="empty">{t('collaboration.noComments')}</p>
        ) : (
          <ol className="comment-list">
            {items.map((c) => (
              <CommentItem key={`${c.id}-${c.etag}`} comment={c} target={target} candidates={candidates} />
            ))}
          </ol>
        ))}
      {comments.data && <NewComment target={target} candidates={candidates} />}
    </section>
  );
}
