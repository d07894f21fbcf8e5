// Times from the Kubernetes API. Pure.

/**
 * A time from the API as a Date. The typed client gives Dates, but watch events and raw JSON give strings,
 * so both are accepted; anything unreadable is undefined.
 */
export function toDate(value: Date | string | undefined | null): Date | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
