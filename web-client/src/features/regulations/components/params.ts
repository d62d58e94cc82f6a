import type { TextMode } from './ProvisionTree';

/** A record id from the address; anything else cannot exist and is not worth asking the API about. */
export function parseId(value: string | null | undefined): number | null {
  const id = Number(value);
  return value && Number.isSafeInteger(id) && id > 0 ? id : null;
}

export const parseVersionNumber = parseId;

/** A calendar date yyyy-mm-dd, or null. */
export function parseIsoDate(value: string | null | undefined): string | null {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  return Number.isNaN(new Date(`${value}T00:00:00Z`).getTime()) ? null : value;
}

export function parseTextMode(value: string | null | undefined): TextMode | null {
  return value === 'vi' || value === 'en' || value === 'both' ? value : null;
}
