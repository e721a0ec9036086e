// The error state an entity form shares with its fields: backend problems
// (from a save or a window preview) and client checks, by field path.
import { getContext, setContext } from 'svelte';
import type { Errors } from './validation';

let next = 0;

export class FormErrors {
  /** Problems from the last save, by field path; cleared per field when it is edited. */
  server = $state<Errors>({});
  /** Problems from the last window preview. */
  preview = $state<Errors>({});
  /** Fields the user has left at least once (client errors show from then on). */
  touched = $state<Record<string, boolean>>({});
  /** Set by a save attempt: every client error shows. */
  submitted = $state(false);
  readonly uid = `ef${++next}`;

  constructor(
    /** The current client-side errors. */
    readonly client: () => Errors = () => ({}),
    /** The field a backend problem path belongs to, or null (summary). */
    readonly target: (field: string) => string | null = (f) => f || null,
  ) {}

  get(field: string): string | null {
    const c = this.submitted || this.touched[field] ? this.client()[field] : undefined;
    return this.server[field] ?? this.preview[field] ?? c ?? null;
  }

  idFor(field: string): string {
    return `${this.uid}-${field.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  }
}

const KEY = Symbol('entity-form-errors');

export function provideErrors(e: FormErrors): FormErrors {
  setContext(KEY, e);
  return e;
}

export function useErrors(): FormErrors {
  return getContext<FormErrors | undefined>(KEY) ?? new FormErrors();
}
