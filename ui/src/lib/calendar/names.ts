// What a bar is called: the release's display name and the accessible name a
// bar gets (release, service, environment, when, conflicts), in words.
import type { DeploymentBar, ReleaseInfo } from '../types';
import { intervalLabel, parseInstant } from '../time';
import { actualName } from './actual';

/** The release's name, with its version when the name does not already hold it; the id when unknown. */
export function releaseName(releases: ReadonlyMap<string, ReleaseInfo>, id: string): string {
  const r = releases.get(id);
  return r ? `${r.name}${r.version && !r.name.includes(r.version) ? ' ' + r.version : ''}` : id;
}

export interface BarNames {
  releases: ReadonlyMap<string, ReleaseInfo>;
  serviceNames: ReadonlyMap<string, string>;
  envNames: ReadonlyMap<string, string>;
}

/**
 * "‹release› on ‹service› in ‹environment›, ‹when›", then ", has errors" (or
 * warnings) when it has, then "; actual ‹when›, ‹result›" once it ran.
 */
export function barName(bar: DeploymentBar, tz: string, names: BarNames): string {
  const end = parseInstant(bar.end);
  const when = intervalLabel(parseInstant(bar.start), end, tz);
  const sev = bar.severity ? `, has ${bar.severity}s` : '';
  const ran = bar.actual ? `; ${actualName(bar.actual, end, tz).replace(/^A/, 'a')}` : '';
  return `${releaseName(names.releases, bar.release)} on ${names.serviceNames.get(bar.service) ?? bar.service} in ${names.envNames.get(bar.environment) ?? bar.environment}, ${when}${sev}${ran}`;
}
