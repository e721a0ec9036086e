// Pure functions of the CAB view: the default release, the approval status as
// the policy counts it, form checks and backend field problems per field.
import type { Approval, FieldProblem, ReleaseConflicts, ReleaseInfo } from '../types';

/** Open conflicts per release id, from the engine's count of each release that has any. */
export function conflictCounts(counts: ReleaseConflicts[]): Map<string, number> {
  return new Map(counts.map((c) => [c.release, c.conflicts]));
}

/** The first release with open conflicts, else the first release, else null. */
export function defaultRelease(releases: ReleaseInfo[], counts: Map<string, number>): string | null {
  return (releases.find((r) => (counts.get(r.id) ?? 0) > 0) ?? releases[0])?.id ?? null;
}

/** Releases whose name, version or id contain the query (case-insensitive). */
export function filterReleases(releases: ReleaseInfo[], query: string): ReleaseInfo[] {
  const q = query.trim().toLowerCase();
  if (!q) return releases;
  return releases.filter((r) => [r.name, r.version ?? '', r.id].some((s) => s.toLowerCase().includes(q)));
}

export interface ApprovalStatus {
  /** Distinct people who approved, sorted. */
  approvedBy: string[];
  /** Distinct people who rejected, sorted. */
  rejectedBy: string[];
  required: number;
  /** Enough distinct approvals and no rejection. */
  satisfied: boolean;
  text: string;
}

/** The approval policy's reading: distinct approvers count, any rejection makes the release unapproved. */
export function approvalStatus(approvals: Approval[], required: number): ApprovalStatus {
  const distinct = (d: Approval['decision']) => [...new Set(approvals.filter((a) => a.decision === d).map((a) => a.by))].sort();
  const approvedBy = distinct('approved');
  const rejectedBy = distinct('rejected');
  const satisfied = rejectedBy.length === 0 && approvedBy.length >= required;
  let text = required > 0
    ? approvedBy.length > required
      ? `${approvedBy.length} approvals (${required} required)`
      : `${approvedBy.length} of ${required} required approval${required === 1 ? '' : 's'}`
    : `No approvals required · ${approvedBy.length} given`;
  if (rejectedBy.length) text += ` · rejected by ${rejectedBy.join(', ')}`;
  return { approvedBy, rejectedBy, required, satisfied, text };
}

export type DecisionField = 'by' | 'role' | 'decision' | 'comment';
export interface DecisionForm { by: string; role: string; decision: 'approved' | 'rejected' | ''; comment: string }
export type FormErrors = Partial<Record<DecisionField | 'form', string[]>>;

/** Checks made before sending: a name and a decision. */
export function validateDecision(f: DecisionForm): FormErrors {
  const out: FormErrors = {};
  if (!f.by.trim()) out.by = ['Enter the name of the person deciding.'];
  if (f.decision !== 'approved' && f.decision !== 'rejected') out.decision = ['Choose approve or reject.'];
  return out;
}

const FIELDS: DecisionField[] = ['by', 'role', 'decision', 'comment'];

/**
 * Backend problems placed at the form's fields: the last segment of a problem's
 * path (`approvals[3].by` → `by`); the rest go to the whole form.
 */
export function problemsByField(problems: FieldProblem[] | undefined): FormErrors {
  const out: FormErrors = {};
  for (const p of problems ?? []) {
    const last = p.field.split('.').pop()?.replace(/\[\d+\]$/, '') ?? '';
    const key = (FIELDS as string[]).includes(last) ? (last as DecisionField) : 'form';
    (out[key] ??= []).push(p.message);
  }
  return out;
}

export function hasErrors(e: FormErrors): boolean {
  return Object.values(e).some((v) => v && v.length > 0);
}

const atFormatters = new Map<string, Intl.DateTimeFormat>();
/** An instant as "11 Mar 2027, 10:00" in a zone; the input itself when it is not an instant. */
export function formatAt(at: string | undefined, tz: string): string {
  if (!at) return '';
  const t = Date.parse(at);
  if (Number.isNaN(t)) return at;
  let f = atFormatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone: tz, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    atFormatters.set(tz, f);
  }
  return f.format(new Date(t));
}
