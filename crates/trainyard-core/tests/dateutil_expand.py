#!/usr/bin/env python3
"""Reference expansion for the RRULE differential test (tests/it/rrule_dateutil.rs).

Usage: dateutil_expand.py CASES_FILE

CASES_FILE is a JSON list of {"rule", "dtstart", "zone", "from", "to"}, date-times
as local ISO strings without offset. Prints a JSON list, one entry per case:
{"local": [...], "utc": [...]} with the occurrences whose local start lies in
[from, to), or {"error": "..."}.

Instants use zoneinfo with fold=0, which reads a time in a spring-forward gap with
the offset before the gap and a time in a fall-back fold as the earlier instant,
as the plan format specifies. A rule whose UNTIL ends in Z gets a zone-aware
DTSTART, so that dateutil compares UNTIL with occurrence instants.
"""

import json
import signal
import sys
from datetime import datetime, timezone

try:
    from dateutil.rrule import rrulestr
except ImportError:
    sys.stderr.write("python-dateutil is missing: pip install python-dateutil\n")
    sys.exit(3)
from zoneinfo import ZoneInfo

# dateutil walks periods up to year 9999 when a rule never matches; a case that
# takes this long is reported as an error instead of hanging the test.
SECONDS_PER_CASE = 20


class Timeout(Exception):
    pass


def on_alarm(_signum, _frame):
    raise Timeout()


def utc_z(dt):
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def until_is_utc(rule):
    for part in rule.upper().split(";"):
        name, _, value = part.partition("=")
        if name == "UNTIL":
            return value.endswith("Z")
    return False


def expand(case):
    zone = ZoneInfo(case["zone"])
    dtstart = datetime.fromisoformat(case["dtstart"])
    start, end = datetime.fromisoformat(case["from"]), datetime.fromisoformat(case["to"])
    aware = until_is_utc(case["rule"])
    if aware:
        dtstart = dtstart.replace(tzinfo=zone)
    rule = rrulestr(case["rule"], dtstart=dtstart)
    local, utc = [], []
    for occ in rule:
        wall = occ.replace(tzinfo=None)
        if wall >= end:
            break
        if wall >= start:
            local.append(wall.strftime("%Y-%m-%dT%H:%M:%S"))
            utc.append(utc_z(occ if aware else occ.replace(tzinfo=zone)))
    return {"local": local, "utc": utc}


def main():
    if len(sys.argv) != 2:
        sys.stderr.write("usage: dateutil_expand.py CASES_FILE\n")
        sys.exit(2)
    with open(sys.argv[1], encoding="utf-8") as f:
        cases = json.load(f)
    signal.signal(signal.SIGALRM, on_alarm)
    results = []
    for case in cases:
        signal.alarm(SECONDS_PER_CASE)
        try:
            results.append(expand(case))
        except Timeout:
            results.append({"error": f"dateutil took more than {SECONDS_PER_CASE} s"})
        except Exception as e:  # reported per case, so one bad case doesn't hide the rest
            results.append({"error": f"{type(e).__name__}: {e}"})
        finally:
            signal.alarm(0)
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
