import { describe, expect, it } from 'vitest';
import { presetDuration, presetToRrule, rruleToPreset, type Preset } from './recurrence';

describe('recurrence presets', () => {
  const cases: Array<[Preset, string]> = [
    [{ kind: 'none' }, ''],
    [{ kind: 'weekly', days: ['TU', 'TH'] }, 'FREQ=WEEKLY;BYDAY=TU,TH'],
    [{ kind: 'weekly', days: [] }, 'FREQ=WEEKLY'],
    [{ kind: 'nth', n: -1, day: 'FR' }, 'FREQ=MONTHLY;BYDAY=-1FR'],
    [{ kind: 'nth', n: 2, day: 'MO' }, 'FREQ=MONTHLY;BYDAY=2MO'],
    [{ kind: 'lastday' }, 'FREQ=MONTHLY;BYMONTHDAY=-1'],
    [{ kind: 'monthend', days: 3 }, 'FREQ=MONTHLY;BYMONTHDAY=-3'],
  ];
  for (const [preset, rrule] of cases) {
    it(`${JSON.stringify(preset)} ↔ "${rrule}"`, () => {
      expect(presetToRrule(preset)).toBe(rrule);
      expect(rruleToPreset(rrule)).toEqual(preset);
    });
  }
  it('reads case-insensitively and in any order of parts and days', () => {
    expect(rruleToPreset('byday=th,tu;freq=weekly')).toEqual({ kind: 'weekly', days: ['TU', 'TH'] });
    expect(rruleToPreset('FREQ=MONTHLY;BYDAY=+3WE')).toEqual({ kind: 'nth', n: 3, day: 'WE' });
  });
  it('writes weekdays in week order whatever order they were picked in', () => {
    expect(presetToRrule({ kind: 'weekly', days: ['FR', 'MO'] })).toBe('FREQ=WEEKLY;BYDAY=MO,FR');
  });
  it('leaves anything else as a custom rule', () => {
    for (const r of ['FREQ=WEEKLY;INTERVAL=2;BYDAY=TU', 'FREQ=DAILY', 'FREQ=MONTHLY;BYDAY=5FR', 'FREQ=MONTHLY;BYDAY=-2FR',
      'FREQ=MONTHLY;BYMONTHDAY=15', 'FREQ=WEEKLY;BYDAY=TU,TU', 'FREQ=WEEKLY;BYDAY=-1FR', 'nonsense', 'FREQ=WEEKLY;FREQ=WEEKLY',
      'FREQ=MONTHLY;BYDAY=MO,-1FR', 'FREQ=MONTHLY;BYMONTHDAY=-3;COUNT=4']) {
      expect(rruleToPreset(r), r).toEqual({ kind: 'custom' });
    }
    expect(presetToRrule({ kind: 'custom' })).toBeNull();
  });
  it('gives month-end close its duration', () => {
    expect(presetDuration({ kind: 'monthend', days: 3 })).toBe('P3D');
    expect(presetDuration({ kind: 'lastday' })).toBeNull();
  });
});
