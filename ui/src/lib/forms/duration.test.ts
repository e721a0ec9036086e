import { describe, expect, it } from 'vitest';
import { describeDuration, formatDuration, parseDuration } from './duration';

describe('durations', () => {
  it('parses the format’s syntax and nothing else', () => {
    expect(parseDuration('PT4H')).toEqual({ weeks: 0, days: 0, hours: 4, minutes: 0, seconds: 0 });
    expect(parseDuration('P1W2DT3H4M5S')).toEqual({ weeks: 1, days: 2, hours: 3, minutes: 4, seconds: 5 });
    expect(parseDuration('P0D')).toEqual({ weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 });
    for (const bad of ['', 'P', 'PT', 'P1Y', 'P1M', 'pt4h', 'PT1.5H', 'P1DT', '4h', 'P1H', 'PT1D']) {
      expect(parseDuration(bad), bad).toBeNull();
    }
    expect(formatDuration(parseDuration('P1W2DT3H')!)).toBe('P1W2DT3H');
  });
  it('describes durations in words', () => {
    expect(describeDuration('PT4H')).toBe('4 hours');
    expect(describeDuration('PT36H')).toBe('36 hours (1.5 days)');
    expect(describeDuration('P3D')).toBe('3 days (calendar days: same wall-clock time across DST)');
    expect(describeDuration('PT1H30M')).toBe('1 hour 30 minutes');
    expect(describeDuration('P3')).toBeNull();
  });
});
