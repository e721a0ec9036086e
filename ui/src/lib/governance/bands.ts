// Where holds, bookings and teams' unavailable periods sit on the calendar:
// which lanes they cover, their left and width in % of the period, and their
// accessible names. Pure, so the geometry is tested without a window.
import type { BookingBand, GovernanceLayers, HoldBand, UnavailableBand } from '../types';
import type { LaneMode, Period } from '../layout';
import { place } from '../layout';
import { intervalLabel, instantLabel, parseInstant } from '../time';

export interface PlacedHold { hold: HoldBand; left: number; width: number; label: string }
export interface PlacedBooking { booking: BookingBand; left: number; width: number; label: string }
export interface PlacedUnavailable { away: UnavailableBand; left: number; width: number; label: string }

/**
 * The team whose unavailability a lane shows: a team lane's own team, or the
 * team that owns a service lane's service (from `serviceTeams`, service id →
 * team id). Environment and train lanes hold the work of many teams, so they
 * show none (the `team-unavailable` warning still marks the bars it hits).
 */
export function unavailableTeamOf(mode: LaneMode, laneId: string, serviceTeams: ReadonlyMap<string, string>): string | null {
  if (mode === 'team') return laneId || null; // the "No team" lane has no periods
  if (mode === 'service') return serviceTeams.get(laneId) ?? null;
  return null;
}

/** "Web Experience unavailable Mon 22 Mar 2027 00:00 – Tue 23 Mar 2027 00:00 (Offsite)" */
export function unavailableName(u: UnavailableBand, tz: string): string {
  const when = intervalLabel(parseInstant(u.start), parseInstant(u.end), tz);
  return `${u.team.name} unavailable ${when}${u.reason ? ` (${u.reason})` : ''}`;
}

/** Whether a hold covers a lane: an environment lane, or a service lane of the shown environment. */
export function holdCoversLane(h: HoldBand, mode: LaneMode, laneId: string, environment: string): boolean {
  const envOk = (e: string) => h.environments.length === 0 || h.environments.includes(e);
  if (mode === 'service') return envOk(environment) && (h.services.length === 0 || h.services.includes(laneId));
  return envOk(laneId);
}

/** Whether a booking shows in a lane: its environment's lane, or a booked service's lane of that environment. */
export function bookingOnLane(b: BookingBand, mode: LaneMode, laneId: string, environment: string): boolean {
  if (mode === 'service') return b.environment === environment && (b.services.length === 0 || b.services.includes(laneId));
  return b.environment === laneId;
}

/** "On hold: environment Production — incident INC-1, from Mon 8 Mar 2027 10:00 until lifted" */
export function holdName(h: HoldBand, tz: string): string {
  const when = h.until
    ? intervalLabel(parseInstant(h.from), parseInstant(h.until), tz)
    : `from ${instantLabel(parseInstant(h.from), tz)} until lifted`;
  return `On hold: ${h.what}${h.reason ? ` — ${h.reason}` : ''}, ${when}`;
}

/** "Booked exclusively by train Main train, Mon 8 Mar 2027 00:00 – Tue 9 Mar 2027 00:00" */
export function bookingName(b: BookingBand, tz: string): string {
  const how = b.exclusive ? 'Booked exclusively' : 'Booked (shared)';
  const when = intervalLabel(parseInstant(b.from), parseInstant(b.until), tz);
  return `${how} by ${b.holderKind} ${b.holder.name}, ${when}${b.note ? ` — ${b.note}` : ''}`;
}

const NO_TEAMS: ReadonlyMap<string, string> = new Map();

/**
 * The holds, bookings and team unavailability of one lane, placed in the
 * period (an open hold runs to the period's end). `serviceTeams` maps a
 * service to its owning team, for the unavailability of service lanes.
 */
export function laneGovernance(
  layers: GovernanceLayers | null, mode: LaneMode, laneId: string, environment: string, period: Period, tz: string,
  serviceTeams: ReadonlyMap<string, string> = NO_TEAMS,
): { holds: PlacedHold[]; bookings: PlacedBooking[]; unavailable: PlacedUnavailable[] } {
  if (!layers) return { holds: [], bookings: [], unavailable: [] };
  const holds: PlacedHold[] = [];
  for (const hold of layers.holds) {
    if (!holdCoversLane(hold, mode, laneId, environment)) continue;
    const { left, width } = place(parseInstant(hold.from), hold.until ? parseInstant(hold.until) : period.to, period);
    if (width > 0) holds.push({ hold, left, width, label: holdName(hold, tz) });
  }
  const bookings: PlacedBooking[] = [];
  for (const booking of layers.bookings) {
    if (!bookingOnLane(booking, mode, laneId, environment)) continue;
    const { left, width } = place(parseInstant(booking.from), parseInstant(booking.until), period);
    if (width > 0) bookings.push({ booking, left, width, label: bookingName(booking, tz) });
  }
  const unavailable: PlacedUnavailable[] = [];
  const team = unavailableTeamOf(mode, laneId, serviceTeams);
  for (const away of team === null ? [] : layers.unavailable) {
    if (away.team.id !== team) continue;
    const { left, width } = place(parseInstant(away.start), parseInstant(away.end), period);
    if (width > 0) unavailable.push({ away, left, width, label: unavailableName(away, tz) });
  }
  return { holds, bookings, unavailable };
}
