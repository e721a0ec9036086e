#!/usr/bin/env python3
"""Reads Trainyard's exported calendars with a real iCalendar implementation.

Usage: ics_check.py MANIFEST.json

The manifest lists cases: {"name", "ics" (path), "from", "to" (UTC, ISO 8601),
"check_zones" (optional, default true), "skip_cancelled" (optional: leave out
occurrences whose STATUS is CANCELLED, as a calendar shows them)}.
For each case this parses the file with `icalendar`, expands it with
`recurring_ical_events` over [from, to), and builds every VTIMEZONE into a tzinfo
from its own observances (not by looking the TZID up) to compare its offsets
with the IANA database (`zoneinfo`) on every day of the range. It prints JSON:

  {"cases": [{"name", "uids": [...], "occurrences": {uid: [[start, end], ...]},
              "tz_mismatches": [...], "errors": [...]}]}

Times are UTC `YYYY-MM-DDTHH:MM:SSZ`. The Rust test compares them with
`trainyard_core::windows::occurrences` and the deployments.
"""

import json
import sys
from datetime import date, datetime, timedelta, timezone

try:
    import zoneinfo

    import icalendar
    import recurring_ical_events
except ImportError as e:  # the test must fail, not skip
    sys.stderr.write(
        f"missing Python package ({e}); this test needs icalendar and "
        "recurring_ical_events: pip install icalendar recurring_ical_events\n"
    )
    sys.exit(3)


def utc(value, floating_tz=timezone.utc):
    """A DTSTART/DTEND value as a UTC string."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=floating_tz)
        return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=floating_tz).astimezone(timezone.utc).strftime(
            "%Y-%m-%dT%H:%M:%SZ"
        )
    raise TypeError(f"not a date or date-time: {value!r}")


def parse_utc(s):
    return datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)


def check_case(case):
    out = {"name": case["name"], "uids": [], "occurrences": {}, "tz_mismatches": [], "errors": []}
    with open(case["ics"], "rb") as f:
        data = f.read()
    cal = icalendar.Calendar.from_ical(data)
    start, stop = parse_utc(case["from"]), parse_utc(case["to"])

    for ev in cal.walk("VEVENT"):
        uid = str(ev.get("UID"))
        out["uids"].append(uid)
        if ev.get("DTSTAMP") is None:
            out["errors"].append(f"{uid}: no DTSTAMP")
        if ev.get("DTEND") is not None and ev.get("DURATION") is not None:
            out["errors"].append(f"{uid}: both DTEND and DURATION")

    # Every VTIMEZONE, built from its observances, against the IANA database
    # (not for calendars written by other clients, whose TZIDs are Windows names).
    for vtz in cal.walk("VTIMEZONE") if case.get("check_zones", True) else []:
        tzid = str(vtz["TZID"])
        try:
            built = vtz.to_tz(lookup_tzid=False)
        except Exception as e:  # noqa: BLE001 - report, do not crash
            out["tz_mismatches"].append(f"{tzid}: cannot build a tzinfo from the VTIMEZONE: {e}")
            continue
        reference = zoneinfo.ZoneInfo(tzid)
        t = start
        while t < stop:
            for hour in (0, 6, 12, 18):
                at = t + timedelta(hours=hour)
                a = at.astimezone(built).utcoffset()
                b = at.astimezone(reference).utcoffset()
                if a != b:
                    out["tz_mismatches"].append(f"{tzid} at {at.isoformat()}: VTIMEZONE says {a}, IANA says {b}")
            t += timedelta(days=1)

    # Occurrence starts come from recurring_ical_events. Their ends are computed
    # here from the series' DURATION by RFC 5545 3.3.6 (days nominal, on the
    # local calendar; hours, minutes and seconds exact): the library adds the
    # whole duration to an aware datetime, and Python's aware arithmetic is
    # wall-clock, which is an hour off for a PT1H window across a DST change.
    durations = {str(ev.get("UID")): ev.get("DURATION").dt for ev in cal.walk("VEVENT") if ev.get("DURATION") is not None}
    occurrences = {}
    for ev in recurring_ical_events.of(cal).between(start, stop):
        uid = str(ev.get("UID"))
        if case.get("skip_cancelled") and str(ev.get("STATUS", "")).upper() == "CANCELLED":
            continue
        s = ev.get("DTSTART").dt
        if uid in durations and isinstance(s, datetime):
            d = durations[uid]
            local_end = (s.replace(tzinfo=None) + timedelta(days=d.days)).replace(tzinfo=s.tzinfo, fold=0)
            e = local_end.astimezone(timezone.utc) + timedelta(seconds=d.seconds, microseconds=d.microseconds)
        elif ev.get("DTEND") is not None:
            e = ev.get("DTEND").dt
        elif ev.get("DURATION") is not None:
            e = s + ev.get("DURATION").dt
        else:
            # Neither DTEND nor DURATION: a moment (RFC 5545 3.6.1), like a train's departure.
            e = s
        occurrences.setdefault(uid, []).append([utc(s), utc(e)])
    for v in occurrences.values():
        v.sort()
    out["occurrences"] = occurrences
    return out


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        manifest = json.load(f)
    json.dump({"cases": [check_case(c) for c in manifest["cases"]]}, sys.stdout)


if __name__ == "__main__":
    main()
