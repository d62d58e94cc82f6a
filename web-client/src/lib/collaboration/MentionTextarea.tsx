import { useId, useRef, useState, type KeyboardEvent, type TextareaHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { completeMention, mentionAt } from '@/lib/api/collaboration';

export interface MentionCandidate {
  username: string;
  displayName: string;
}

/** The candidates whose username or name starts a word with what is typed after `@`, at most 8. */
export function matchCandidates(candidates: readonly MentionCandidate[], query: string): MentionCandidate[] {
  const q = query.toLocaleLowerCase();
  return candidates
    .filter((c) => c.username.toLocaleLowerCase().startsWith(q) || c.displayName.toLocaleLowerCase().split(/\s+/).some((w) => w.startsWith(q)))
    .slice(0, 8);
}

type Props = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onChange'> & {
  value: string;
  onValueChange: (value: string) => void;
  candidates: readonly MentionCandidate[];
};

/**
 * A textarea that completes `@username` from the people known to read the thread (its authors and those it mentions):
 * the API has no user lookup a reader may call, so anyone else is typed by username.
 */
export function MentionTextarea({ value, onValueChange, candidates, ...rest }: Props) {
  const { t } = useTranslation();
  const listId = useId();
  const area = useRef<HTMLTextAreaElement>(null);
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState(false);
  const at = mentionAt(value, caret);
  const options = at && !dismissed ? matchCandidates(candidates, at.query) : [];
  const open = options.length > 0;

  function choose(candidate: MentionCandidate) {
    const next = completeMention(value, caret, candidate.username);
    onValueChange(next.text);
    setCaret(next.caret);
    requestAnimationFrame(() => area.current?.setSelectionRange(next.caret, next.caret));
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (!open) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((i) => (i + (event.key === 'ArrowDown' ? 1 : options.length - 1)) % options.length);
    } else if (event.key === 'Enter' || event.key === 'Tab') {
      event.preventDefault();
      choose(options[Math.min(active, options.length - 1)]!);
    } else if (event.key === 'Escape') {
      setDismissed(true);
    }
  }

  return (
    <div className="mention">
      <textarea
        {...rest}
        ref={area}
        value={value}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        onChange={(e) => {
          onValueChange(e.target.value);
          setCaret(e.target.selectionStart);
          setActive(0);
          setDismissed(false);
        }}
        onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
        onKeyDown={onKeyDown}
      />
      {open && (
        <ul id={listId} className="mention__list" role="listbox" aria-label={t('collaboration.mentionList')}>
          {options.map((c, i) => (
            <li
              key={c.username}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'mention__option mention__option--active' : 'mention__option'}
              onMouseDown={(e) => {
                e.preventDefault();
                choose(c);
              }}
            >
              <span className="code">@{c.username}</span> {c.displayName}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
