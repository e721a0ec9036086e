// What the governance toolbar and the calendar's lanes share: the holds and
// bookings of the shown period, whether dragging on a lane books it, and the
// booking being drawn (its lane and interval) until its dialog closes.
import type { GovernanceLayers } from '../types';

export interface BookingDraft { environment: string; from: number; to: number }

export const governance = $state<{
  layers: GovernanceLayers | null;
  /** Dragging on an environment lane's empty space books it (instead of moving bars). */
  bookMode: boolean;
  draft: BookingDraft | null;
  /** The holds list is open (from the strip, or a hold's tag on a lane). */
  holdsOpen: boolean;
}>({ layers: null, bookMode: false, draft: null, holdsOpen: false });
