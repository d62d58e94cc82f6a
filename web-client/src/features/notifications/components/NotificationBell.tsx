import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { isRouteMissing, unreadBadge, type Notification } from '@/lib/api/collaboration';
import { useLocalized } from '@/lib/i18n/localize';
import { ErrorMessage, Loading } from '@/lib/ui/QueryState';
import { formatInstant } from '@/lib/ui/formatInstant';
import { useLatestNotifications, useMarkAllRead, useMarkRead, useUnreadCount } from '../api/notifications';
import './notifications.css';

function BellIcon() {
  return (
    <svg className="bell__icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
      />
    </svg>
  );
}

function NotificationItem({ item, onOpen }: { item: Notification; onOpen: () => void }) {
  const { t } = useTranslation('notifications');
  const { language } = useLocalized();
  const markRead = useMarkRead();
  const unread = item.readAt === null;
  return (
    <li className={`bell__item${unread ? ' bell__item--unread' : ''}`}>
      <Link
        to={item.link}
        onClick={() => {
          if (unread) markRead.mutate(item.id);
          onOpen();
        }}
      >
        {unread && <span className="visually-hidden">{t('unread')}: </span>}
        {item.text}
      </Link>
      <p className="bell__meta muted">
        {item.taskCode && <span className="code">{item.taskCode}</span>} {formatInstant(item.occurredAt, language)}
      </p>
      {unread && (
        <button type="button" className="button button--link" onClick={() => markRead.mutate(item.id)} disabled={markRead.isPending}>
          {t('markRead')}
        </button>
      )}
    </li>
  );
}

function NotificationList({ onOpen }: { onOpen: () => void }) {
  const { t } = useTranslation('notifications');
  const latest = useLatestNotifications(true);
  const markAll = useMarkAllRead();
  if (latest.isPending) return <Loading />;
  if (latest.isError) return <ErrorMessage error={latest.error} />;
  const anyUnread = latest.data.items.some((n) => n.readAt === null);
  return (
    <>
      <div className="bell__tools">
        <button type="button" className="button" onClick={() => markAll.mutate()} disabled={!anyUnread || markAll.isPending}>
          {t('markAllRead')}
        </button>
        <Link to="/notifications/preferences" onClick={onOpen}>
          {t('preferencesLink')}
        </Link>
      </div>
      {latest.data.items.length === 0 ? (
        <p className="empty">{t('empty')}</p>
      ) : (
        <ul className="bell__list">
          {latest.data.items.map((item) => (
            <NotificationItem key={item.id} item={item} onOpen={onOpen} />
          ))}
        </ul>
      )}
    </>
  );
}

/** The bell in the header: the unread count (polled, and asked again when the tab regains focus) and the latest notifications. */
export function NotificationBell() {
  const { t } = useTranslation('notifications');
  const unread = useUnreadCount();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (event: Event) => {
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', close);
    document.addEventListener('mousedown', close);
    return () => {
      document.removeEventListener('keydown', close);
      document.removeEventListener('mousedown', close);
    };
  }, [open]);

  // Where the server has no notifications (yet), there is no bell.
  if (isRouteMissing(unread.error)) return null;
  const count = unread.data ?? 0;
  const badge = unreadBadge(count);
  return (
    <div className="bell" ref={root}>
      <button
        type="button"
        className="button button--on-dark bell__button"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={t('bellUnread', { count })}
        data-unread={count}
        onClick={() => setOpen((o) => !o)}
      >
        <BellIcon />
        {badge && <span className="bell__badge">{badge}</span>}
      </button>
      {open && (
        <div id={panelId} className="bell__panel" role="region" aria-label={t('title')}>
          <h2 className="bell__title">{t('title')}</h2>
          <NotificationList onOpen={() => setOpen(false)} />
        </div>
      )}
    </div>
  );
}
