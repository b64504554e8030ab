/** @module The handful of colours a status can take; `app.css` defines one badge style for each. */
export type Tone = 'neutral' | 'info' | 'progress' | 'success' | 'warning' | 'danger' | 'muted';

export interface StatusStyle {
  label: string;
  tone: Tone;
}

/** A status this console has no words for yet (a newer hub): shown as it is, in grey. */
export function unknownStatus(status: string): StatusStyle {
  return { label: status.replaceAll('_', ' '), tone: 'neutral' };
}
