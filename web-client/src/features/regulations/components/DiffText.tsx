import { useTranslation } from 'react-i18next';
import type { DiffOp } from '../api/text';

/** Joining equal and deleted words gives the old text; equal and inserted words, the new one. */
export function oldText(ops: readonly DiffOp[]): string {
  return ops.filter((op) => op.op !== 'insert').map((op) => op.text).join('');
}

export function newText(ops: readonly DiffOp[]): string {
  return ops.filter((op) => op.op !== 'delete').map((op) => op.text).join('');
}

export function hasChanges(ops: readonly DiffOp[]): boolean {
  return ops.some((op) => op.op === 'insert' || op.op === 'delete');
}

/**
 * A word diff as running text: inserted words in <ins>, deleted ones in <del>, each announced by a
 * visually hidden word since screen readers rarely say that text is inserted or deleted.
 */
export function DiffText({ ops, lang }: { ops: readonly DiffOp[]; lang?: string }) {
  const { t } = useTranslation('regulations');
  return (
    <p className="diff" lang={lang}>
      {ops.map((op, index) => {
        switch (op.op) {
          case 'insert':
            return (
              <ins key={index} className="diff__ins">
                <span className="visually-hidden">[{t('compare.inserted')} </span>
                {op.text}
                <span className="visually-hidden">]</span>
              </ins>
            );
          case 'delete':
            return (
              <del key={index} className="diff__del">
                <span className="visually-hidden">[{t('compare.deleted')} </span>
                {op.text}
                <span className="visually-hidden">]</span>
              </del>
            );
          default:
            return <span key={index}>{op.text}</span>;
        }
      })}
    </p>
  );
}
