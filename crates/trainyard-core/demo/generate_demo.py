#!/usr/bin/env python3
"""Generate Trainyard's built-in demo plan (Q1 2027) as JSON on standard output.

    python3 crates/trainyard-core/demo/generate_demo.py > crates/trainyard-core/demo/demo-plan.json

The plan is written for people to read: deployment instants carry the offset of
the plan's time zone (Europe/Berlin), so "22:00+01:00" reads as a prod window slot.

How it is built
---------------
Services, teams, trains, windows and releases are written out by hand below.
Deployments are *scheduled* by a small greedy planner: each release is promoted
dev -> test -> staging -> prod, each step at the earliest 15-minute slot at or
after an anchor date that keeps the plan clean, i.e. a slot that

* lies inside the environment's allowed time (the owner team's office hours on
  weekdays for dev and test, the staging evening window on weekdays, the prod
  maintenance windows matching the service and wave),
* does not overlap another deployment of the same service in that environment,
* keeps the environment under its concurrency limit (prod 2, and a softer
  limit for the shared lower environments),
* avoids every blackout whose scope matches and the owner team's unavailable periods,
* comes after the release's previous environment (promotion order), after the
  services it depends on within the release (service order), and after every
  deployment of the releases it depends on in that environment (dependency order).

The handful of intended conflicts are *forced* deployments (see FORCED) placed by
hand, booked before anything else so the planner works around them. README.md
lists them; tests/it/demo.rs asserts that `check` finds exactly them.

Deterministic: no randomness, no clock. Needs only the standard library and an
IANA time-zone database for `zoneinfo` (the system's, or the `tzdata` package).
"""

import calendar
import json
import sys
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

UTC = timezone.utc
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
PLAN_TZ = BERLIN

# The demo's "today": deployments that end before it are history (with outcomes),
# everything after it is the plan ahead.
AS_OF = datetime(2027, 2, 15, 0, 0, tzinfo=BERLIN)

STEP = timedelta(minutes=15)
ENVS = ["dev", "test", "staging", "prod"]


def local(d, hh=0, mm=0, tz=BERLIN):
    """A local wall time as an aware datetime (first instant of an ambiguous time)."""
    return datetime.combine(d, time(hh, mm), tzinfo=tz)


def D(s):
    return date.fromisoformat(s)


def utc(dt):
    return dt.astimezone(UTC)


def plan_time(dt):
    """RFC 3339 with the plan time zone's offset, seconds included."""
    return dt.astimezone(PLAN_TZ).isoformat(timespec="seconds")


def zoned(dt, tz):
    return dt.astimezone(tz).isoformat(timespec="seconds")


def ceil_step(dt):
    dt = utc(dt)
    epoch = datetime(2000, 1, 1, tzinfo=UTC)
    n = -(-(dt - epoch) // STEP)
    return epoch + n * STEP


def overlaps(a0, a1, b0, b1):
    return a0 < b1 and b0 < a1


def days(start, end):
    d = start
    while d <= end:
        yield d
        d += timedelta(days=1)


CAL_START, CAL_END = D("2026-12-01"), D("2027-06-30")

# ---------------------------------------------------------------------------
# Teams, people, services
# ---------------------------------------------------------------------------

TEAMS = [
    # id, name, timezone, product owner, release owner
    ("web", "Web Experience", "Europe/Berlin", "Jonas Weiß", "Lena Fischer"),
    ("platform", "Platform Core", "Europe/Berlin", "Sven Åkesson", "Mehmet Yılmaz"),
    ("identity", "Identity & Access", "America/New_York", "Marcus Bell", "Grace Okafor"),
    ("zpay", "Zürich Payments", "Europe/Zurich", "Anja Brändli", "Luca Brunner"),
    ("commerce", "Commerce", "America/New_York", "Ana Lúcia Costa", "Daniel Cohen"),
    ("discovery", "Search & Data", "Asia/Kolkata", "Ananya Krishnan", "Ravi Iyer"),
    ("risk", "Fraud & Risk", "Asia/Kolkata", "Meera Pillai", "Sneha Kulkarni"),
]
TEAM = {t[0]: t for t in TEAMS}
TEAM_TZ = {t[0]: ZoneInfo(t[2]) for t in TEAMS}

CAB_CHAIR = "Ingrid Ødegaard"
CAB_DEPUTY = "Tomás Ortega"
SECURITY = "Priya Raman"
SECURITY_DEPUTY = "Kenji Sato"


def day_off(team, d, reason, hours=(0, 24)):
    """A whole (or part of a) local day off in the team's own time zone."""
    tz = TEAM_TZ[team]
    start = local(d, hours[0], 0, tz)
    end = local(d + timedelta(days=1), 0, 0, tz) if hours[1] == 24 else local(d, hours[1], 0, tz)
    return (start, end, reason)


def days_off(team, first, last, reason):
    tz = TEAM_TZ[team]
    return (local(first, 0, 0, tz), local(last + timedelta(days=1), 0, 0, tz), reason)


UNAVAILABLE = {
    "web": [
        days_off("web", D("2026-12-24"), D("2027-01-01"), "Christmas and New Year holidays"),
        day_off("web", D("2027-03-26"), "Good Friday (public holiday)"),
        day_off("web", D("2027-03-29"), "Easter Monday (public holiday)"),
        days_off("web", D("2027-04-21"), D("2027-04-22"), "Team offsite in Leipzig"),
    ],
    "platform": [
        day_off("platform", D("2027-01-01"), "New Year's Day (public holiday)"),
        day_off("platform", D("2027-03-26"), "Good Friday (public holiday)"),
        day_off("platform", D("2027-03-29"), "Easter Monday (public holiday)"),
    ],
    "identity": [
        day_off("identity", D("2027-01-01"), "New Year's Day (public holiday)"),
        day_off("identity", D("2027-01-18"), "Martin Luther King Jr. Day (public holiday)"),
        day_off("identity", D("2027-02-15"), "Presidents' Day (public holiday)"),
    ],
    "zpay": [
        days_off("zpay", D("2027-01-01"), D("2027-01-02"), "Neujahr and Berchtoldstag (public holidays)"),
        day_off("zpay", D("2027-03-26"), "Karfreitag (public holiday)"),
        day_off("zpay", D("2027-03-29"), "Ostermontag (public holiday)"),
        day_off("zpay", D("2027-04-19"), "Sechseläuten (Zürich half-day holiday)", hours=(12, 24)),
    ],
    "commerce": [
        day_off("commerce", D("2027-01-01"), "New Year's Day (public holiday)"),
        day_off("commerce", D("2027-01-18"), "Martin Luther King Jr. Day (public holiday)"),
        day_off("commerce", D("2027-02-15"), "Presidents' Day (public holiday)"),
    ],
    "discovery": [
        day_off("discovery", D("2027-01-26"), "Republic Day (public holiday)"),
        day_off("discovery", D("2027-03-22"), "Holi (public holiday)"),
    ],
    "risk": [
        day_off("risk", D("2027-01-26"), "Republic Day (public holiday)"),
        day_off("risk", D("2027-03-22"), "Holi (public holiday)"),
    ],
}

SERVICES = [
    # id, name, team, tier, data classes, depends on (runtime), prod strategy, prod minutes
    ("storefront", "Web storefront", "web", 1, [], ["api-gateway"], "canary", 90),
    ("mobile-bff", "Mobile BFF", "web", 2, [], ["api-gateway"], "canary", 60),
    ("api-gateway", "API gateway", "platform", 1, [],
     ["auth", "orders", "search", "catalog", "customer-profile"], "rolling", 60),
    ("auth", "Auth service", "identity", 1, ["customer"], ["customer-profile"], "blue-green", 60),
    ("customer-profile", "Customer profile", "identity", 2, ["customer"], [], "rolling", 45),
    ("payments-api", "Payments API", "zpay", 1, ["financial"], ["ledger-db", "fraud-scoring"],
     "blue-green", 60),
    ("ledger-db", "Ledger DB", "zpay", 1, ["financial"], [], "big-bang", 30),
    ("orders", "Orders", "commerce", 1, ["customer", "financial"],
     ["payments-api", "inventory", "notifications"], "rolling", 60),
    ("inventory", "Inventory", "commerce", 2, [], ["catalog"], "rolling", 45),
    ("catalog", "Catalog", "commerce", 3, [], [], "rolling", 45),
    ("search", "Search", "discovery", 2, [], ["catalog"], "canary", 60),
    ("notifications", "Notifications", "platform", 3, ["customer"], ["customer-profile"],
     "rolling", 45),
    ("analytics-pipeline", "Analytics pipeline", "discovery", 4, ["customer"],
     ["orders", "payments-api", "customer-profile"], "phased", 120),
    ("fraud-scoring", "Fraud scoring", "risk", 2, ["financial", "customer"], ["customer-profile"],
     "canary", 75),
]
SVC = {s[0]: s for s in SERVICES}
SENSITIVE = {s[0] for s in SERVICES if {"financial", "customer"} & set(s[4])}

# Prod waves: globally served front doors roll out EU first, then US in a later
# Berlin window; the US-run services roll out EU in a Berlin window and US in
# the Saturday morning New York window.
US_WINDOW_SERVICES = ["auth", "customer-profile", "orders", "inventory", "catalog"]
WAVES = {s: ["eu", "us"] for s in ["storefront", "mobile-bff", "api-gateway"] + US_WINDOW_SERVICES}

# ---------------------------------------------------------------------------
# Trains and windows
# ---------------------------------------------------------------------------

TRAINS = [
    {"id": "t-web", "name": "Web train", "rrule": "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
     "start": "2027-01-05T10:00", "freeze": "P2D"},
    {"id": "t-platform", "name": "Platform train", "rrule": "FREQ=MONTHLY;BYDAY=1TH",
     "start": "2027-01-07T10:00", "freeze": "P3D"},
    {"id": "t-commerce", "name": "Commerce train", "rrule": "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH",
     "start": "2027-01-14T09:00", "freeze": "P1D"},
]

PROD_EXDATE = D("2027-02-11")
MONTH_END_SERVICES = ["payments-api", "ledger-db", "fraud-scoring", "orders"]
SPRING_SALE_SERVICES = ["storefront", "mobile-bff", "api-gateway", "search", "orders"]

WINDOWS = [
    {"id": "mw-prod-eu", "kind": "maintenance", "name": "Prod window (Tue/Thu night, Berlin)",
     "scope": {"environments": ["prod"]},
     "start": "2027-01-05T22:00", "duration": "PT4H", "timezone": "Europe/Berlin",
     "rrule": "FREQ=WEEKLY;BYDAY=TU,TH", "exdates": ["2027-02-11T22:00"],
     "x": {"exdate_reasons": {"2027-02-11T22:00": "Frankfurt data-centre network maintenance"}}},
    {"id": "mw-prod-us", "kind": "maintenance", "name": "Prod window (Saturday morning, New York)",
     "scope": {"environments": ["prod"], "services": US_WINDOW_SERVICES},
     "start": "2027-01-02T06:00", "duration": "PT4H", "timezone": "America/New_York",
     "rrule": "FREQ=WEEKLY;BYDAY=SA"},
    {"id": "mw-staging", "kind": "maintenance", "name": "Staging evening window",
     "scope": {"environments": ["staging"]},
     "start": "2027-01-04T18:00", "duration": "PT5H", "timezone": "Europe/Berlin",
     "rrule": "FREQ=DAILY"},
    {"id": "bo-month-end", "kind": "blackout", "name": "Month-end close",
     "scope": {"environments": ["prod"], "services": MONTH_END_SERVICES},
     "start": "2027-01-29T00:00", "duration": "P3D", "timezone": "Europe/Berlin",
     "rrule": "FREQ=MONTHLY;BYMONTHDAY=-3", "allow_emergency": True},
    {"id": "bo-holiday-freeze", "kind": "blackout", "name": "Holiday freeze (Christmas to New Year)",
     "scope": {"environments": ["staging", "prod"]},
     "start": "2026-12-24T00:00", "duration": "P9D", "timezone": "Europe/Berlin",
     "rrule": "FREQ=YEARLY", "allow_emergency": True},
    {"id": "bo-company-summit", "kind": "blackout", "name": "Company summit (office closed)",
     "start": "2027-03-10T00:00", "duration": "P1D", "timezone": "Europe/Berlin"},
    {"id": "bo-easter", "kind": "blackout", "name": "Easter holidays",
     "scope": {"environments": ["staging", "prod"]},
     "start": "2027-03-26T00:00", "duration": "P4D", "timezone": "Europe/Berlin"},
    {"id": "bo-spring-sale", "kind": "blackout", "name": "Spring sale launch",
     "scope": {"environments": ["prod"], "services": SPRING_SALE_SERVICES},
     "start": "2027-04-08T00:00", "duration": "P2D", "timezone": "Europe/Berlin"},
]


def occurrences_prod_eu():
    out = []
    for d in days(D("2027-01-05"), CAL_END):
        if d.weekday() in (1, 3) and d != PROD_EXDATE:
            s = utc(local(d, 22, 0))
            out.append((s, s + timedelta(hours=4)))
    return out


def occurrences_prod_us():
    out = []
    for d in days(D("2027-01-02"), CAL_END):
        if d.weekday() == 5:
            s = utc(local(d, 6, 0, NEW_YORK))
            out.append((s, s + timedelta(hours=4)))
    return out


def occurrences_staging():
    """The staging window is daily; the planner only books it on weekdays."""
    out = []
    for d in days(D("2027-01-04"), CAL_END):
        if d.weekday() < 5:
            s = utc(local(d, 18, 0))
            out.append((s, s + timedelta(hours=5)))
    return out


def nominal(first, n_days):
    return (utc(local(first)), utc(local(first + timedelta(days=n_days))))


def blackout_occurrences():
    """(window id, environments, services, occurrences); empty scope lists mean all."""
    month_end = []
    for y, m in [(2027, mo) for mo in range(1, 7)]:
        last = calendar.monthrange(y, m)[1]
        month_end.append(nominal(date(y, m, last - 2), 3))
    return [
        ("bo-month-end", ["prod"], MONTH_END_SERVICES, month_end),
        ("bo-holiday-freeze", ["staging", "prod"], [],
         [nominal(D("2026-12-24"), 9), nominal(D("2027-12-24"), 9)]),
        ("bo-company-summit", [], [], [nominal(D("2027-03-10"), 1)]),
        ("bo-easter", ["staging", "prod"], [], [nominal(D("2027-03-26"), 4)]),
        ("bo-spring-sale", ["prod"], SPRING_SALE_SERVICES, [nominal(D("2027-04-08"), 2)]),
    ]


PROD_EU = occurrences_prod_eu()
PROD_US = occurrences_prod_us()
STAGING = occurrences_staging()
BLACKOUTS = blackout_occurrences()

# ---------------------------------------------------------------------------
# Releases
# ---------------------------------------------------------------------------

ROLLBACK = {
    "canary": "Halt the canary and shift all traffic back to the previous version; no data migration.",
    "blue-green": "Switch the load balancer back to the blue environment, which stays warm for 24 h.",
    "rolling": "Roll back to the previous image tag with the same rolling update; schema changes are additive.",
    "phased": "Stop the phased rollout and re-run the remaining partitions on the previous job version.",
    "big-bang": "Restore from the snapshot taken at the start of the window and redeploy the previous version.",
}

RELEASES = [
    # ---- history: deployed before the demo's "today" (2027-02-15) --------
    dict(id="auth-3.4.1", name="Auth 3.4.1 (token refresh hotfix)", version="3.4.1", train=None,
         change="emergency", services=["auth"], target="2027-01-12",
         anchors={"dev": ("2027-01-11", 0), "test": ("2027-01-11", 0), "staging": ("2027-01-11", 18)},
         desc="Fixes refresh tokens that expired after 15 minutes instead of 24 hours and logged out "
              "mobile users (incident INC-4411).",
         success="Refresh-token failures back under 0.05 % of sign-ins; no rise in 401 responses.",
         pir="Post-implementation review held 2027-01-19; root cause: clock-skew tolerance set in ms, not s."),
    dict(id="inventory-2.3.0", name="Inventory 2.3.0", version="2.3.0", train="t-commerce",
         change="normal", services=["inventory"], target="2027-01-14",
         outcomes={("inventory", "test", None): ["failed", "succeeded"]},
         desc="Reservation expiry moves from a cron job to per-item timers.",
         success="Oversell rate unchanged; reservation backlog under 1,000 items.",
         known="First test deployment failed on a missing index; fixed in the second attempt."),
    dict(id="catalog-1.12.0", name="Catalog 1.12.0", version="1.12.0", train="t-commerce",
         change="standard", services=["catalog"], target="2027-01-14",
         desc="Routine dependency and base-image update (standard change SC-12).",
         success="Catalog API p95 under 80 ms; no 5xx increase."),
    dict(id="storefront-3.7.0", name="Storefront 3.7.0", version="3.7.0", train="t-web",
         change="normal", services=["storefront"], target="2027-01-19",
         desc="New product detail page layout and faster image loading.",
         success="Largest contentful paint p75 under 2.2 s; conversion not below last 4 weeks' mean."),
    dict(id="mobile-bff-2.3.0", name="Mobile BFF 2.3.0", version="2.3.0", train="t-web",
         change="normal", services=["mobile-bff"], target="2027-01-19",
         outcomes={("mobile-bff", "prod", "eu"): ["rolled_back", "succeeded"]},
         desc="GraphQL schema for the wish list and saved carts.",
         success="Crash-free sessions above 99.7 %; BFF p95 under 250 ms.",
         known="First EU rollout rolled back: the saved-cart resolver timed out under load; "
               "redeployed with a connection-pool fix in the next window."),
    dict(id="notifications-4.0.2", name="Notifications 4.0.2", version="4.0.2", train="t-web",
         change="standard", services=["notifications"], target="2027-01-21",
         desc="Updated order-confirmation e-mail templates for the new brand font.",
         rollback="Re-activate the previous template set in the template registry.",
         success="E-mail bounce and complaint rates unchanged."),
    dict(id="orders-4.1.0", name="Orders 4.1.0", version="4.1.0", train="t-commerce",
         change="normal", services=["orders"], target="2027-01-28",
         desc="Split shipments: an order can ship from more than one warehouse.",
         success="Order placement success rate above 99.5 %; no duplicate shipments."),
    dict(id="storefront-3.8.0", name="Storefront 3.8.0", version="3.8.0", train="t-web",
         change="normal", services=["storefront"], target="2027-02-02",
         outcomes={("storefront", "prod", "us"): ["failed", "succeeded"]},
         desc="Saved carts on the web and a reworked mini-cart.",
         success="Add-to-cart errors below 0.2 %; no increase in checkout abandonment.",
         known="US wave failed once on a stale CDN configuration; the retry succeeded."),
    dict(id="search-5.8.0", name="Search 5.8.0", version="5.8.0", train="t-web",
         change="standard", services=["search"], target="2027-02-02", status="rolled_back",
         outcomes={("search", "prod", None): ["rolled_back"]},
         desc="Synonym dictionary refresh (standard change SC-31).",
         rollback="Re-publish the previous synonym dictionary; no reindex needed.",
         success="Zero-result searches not above 3.5 %.",
         known="Rolled back in prod: the new synonyms doubled zero-result searches for German queries."),
    dict(id="semantic-search-0.9.0", name="Semantic search beta 0.9.0", version="0.9.0",
         train="t-web", change="normal", services=["search"], target="2027-03-02",
         status="cancelled", envs=["dev", "test"],
         anchors={"dev": ("2027-02-01", 0), "test": ("2027-02-03", 0)},
         approvals=[(CAB_DEPUTY, "cab", "approved", "2027-02-04T10:00:00+01:00", None),
                    (SECURITY, "security", "rejected", "2027-02-05T11:30:00+01:00",
                     "Query embeddings are sent to a third-party API without a data-processing agreement.")],
         desc="Vector ranking beta for long queries.",
         success="Click-through on long queries up 5 % in the A/B test.",
         known="Cancelled after the security review; to be re-planned with an in-house embedding model."),
    dict(id="ledger-db-4.9.0", name="Ledger DB 4.9.0", version="4.9.0", train="t-platform",
         change="normal", services=["ledger-db"], target="2027-02-04",
         desc="Partitioning of the journal table by booking month.",
         success="Nightly reconciliation finishes before 04:00; no journal gaps."),
    dict(id="payments-api-7.1.0", name="Payments API 7.1.0", version="7.1.0", train="t-platform",
         change="normal", services=["payments-api"], target="2027-02-04", depends=["ledger-db-4.9.0"],
         outcomes={("payments-api", "prod", None): ["failed", "succeeded"]},
         desc="SEPA Instant credit transfers for refunds.",
         success="Refund success above 99.9 %; settlement files reconcile with Ledger DB.",
         known="First prod attempt failed its smoke test (expired test certificate); redeployed two days later."),
    dict(id="fraud-scoring-2.0.0", name="Fraud scoring 2.0.0", version="2.0.0", train="t-platform",
         change="normal", services=["fraud-scoring"], target="2027-02-04",
         outcomes={("fraud-scoring", "test", None): ["failed", "succeeded"]},
         desc="Gradient-boosted model v2 with device fingerprint features.",
         success="False-positive rate under 0.8 % at unchanged fraud catch rate.",
         known="The first test deployment failed: the model artefact was built for the wrong CPU "
               "architecture; rebuilt and redeployed the same day."),
    dict(id="api-gateway-5.2.0", name="API gateway 5.2.0", version="5.2.0", train="t-platform",
         change="normal", services=["api-gateway"], target="2027-02-04",
         desc="Per-client rate limits and HTTP/3 on the edge.",
         success="Gateway 5xx under 0.05 %; p99 added latency under 15 ms."),
    dict(id="analytics-pipeline-3.1.0", name="Analytics pipeline 3.1.0", version="3.1.0",
         train="t-platform", change="normal", services=["analytics-pipeline"], target="2027-02-04",
         desc="Streaming ingestion of order events replaces the hourly batch.",
         success="Dashboard freshness under 10 minutes; no duplicated events."),
    dict(id="customer-profile-1.6.0", name="Customer profile 1.6.0", version="1.6.0",
         train="t-commerce", change="normal", services=["customer-profile", "notifications"], target="2027-02-11",
         desc="Consent history per marketing channel (GDPR Art. 7 evidence); Notifications "
              "checks consent before every marketing message.",
         success="Consent writes succeed above 99.99 %; profile read p95 under 60 ms.",
         known="The Thursday 11 Feb prod window is cancelled (data-centre maintenance), so the EU wave moves to 16 Feb."),

    # ---- the plan ahead ----------------------------------------------------
    dict(id="storefront-3.9.0", name="Storefront 3.9.0", version="3.9.0", train="t-web",
         change="normal", services=["storefront"], target="2027-02-16",
         desc="Faceted navigation on category pages.",
         success="Category page p75 LCP under 2.3 s; facet usage tracked."),
    dict(id="search-5.8.1", name="Search 5.8.1", version="5.8.1", train="t-web",
         change="standard", services=["search"], target="2027-02-16",
         desc="Synonym refresh again, with German compound splitting fixed (replaces 5.8.0).",
         success="Zero-result searches not above 3.5 % for any locale."),
    dict(id="mobile-bff-2.3.1", name="Mobile BFF 2.3.1", version="2.3.1", train="t-web",
         change="standard", services=["mobile-bff"], target="2027-02-16",
         desc="Connection-pool tuning and log noise reduction.",
         success="BFF p95 under 230 ms."),
    dict(id="orders-4.2.0", name="Orders 4.2.0", version="4.2.0", train="t-commerce",
         change="normal", services=["orders", "notifications"], target="2027-02-25",
         depends=["payments-api-7.1.0"],
         desc="Refunds through SEPA Instant with a refund-status notification, and a new "
              "order-events schema (v3).",
         success="Refund initiation errors under 0.1 %; order events validate against schema v3.",
         known="The US wave cannot use Saturday 27 Feb (month-end close) and waits for 6 March."),
    dict(id="fraud-scoring-2.1.0", name="Fraud scoring 2.1.0", version="2.1.0", train="t-commerce",
         change="normal", services=["fraud-scoring"], target="2027-02-25",
         desc="Velocity features for card-not-present payments.",
         success="Chargeback-weighted fraud loss down 10 % at unchanged approval rate."),
    dict(id="storefront-3.10.0", name="Storefront 3.10.0", version="3.10.0", train="t-web",
         change="normal", services=["storefront"], target="2027-03-02",
         desc="Accessibility fixes (WCAG 2.2 AA) across checkout and account pages.",
         success="Automated accessibility audit without serious findings; no conversion drop."),
    dict(id="ledger-db-5.0.0", name="Ledger DB 5.0.0", version="5.0.0", train="t-platform",
         change="normal", services=["ledger-db"], target="2027-03-04",
         desc="Major version: multi-currency balances and an online schema migration.",
         rollback="The migration is expand-only: switch the application back to 4.9 and drop the new "
                  "columns after 7 days; snapshot taken before the window.",
         success="Trial balance identical before and after; replication lag under 2 s.",
         known="The migration locks the fx_rates table for up to 3 minutes."),
    dict(id="api-gateway-5.3.0", name="API gateway 5.3.0", version="5.3.0", train="t-platform",
         change="normal", services=["api-gateway"], target="2027-03-04",
         desc="mTLS between the gateway and internal services.",
         success="No handshake failures above 0.01 %; p99 added latency under 20 ms."),
    dict(id="passkeys-1.0.0", name="Passkey sign-in 1.0.0", version="1.0.0", train="t-platform",
         change="normal", services=["customer-profile", "auth", "storefront"], target="2027-03-04",
         desc="WebAuthn passkeys as a sign-in method: credential store in Customer profile, "
              "ceremony in Auth, enrolment UI in the storefront.",
         success="Passkey sign-in success above 98 %; password sign-in unaffected.",
         known="Passkeys are not yet offered in the mobile apps (needs Mobile BFF 2.5)."),
    dict(id="catalog-1.13.0", name="Catalog 1.13.0", version="1.13.0", train="t-commerce",
         change="standard", services=["catalog"], target="2027-03-11",
         desc="Routine dependency and base-image update (standard change SC-12).",
         success="Catalog API p95 under 80 ms; no 5xx increase."),
    dict(id="analytics-pipeline-3.2.0", name="Analytics pipeline 3.2.0", version="3.2.0",
         train="t-commerce", change="normal", services=["analytics-pipeline"], target="2027-03-11",
         depends=["orders-4.2.0"],
         desc="Consumes order events v3; backfills three months of refunds.",
         success="Refund dashboard matches the ledger to the cent for February.",
         known="The backfill makes the phased rollout long (about 2.5 h)."),
    dict(id="storefront-3.11.0", name="Storefront 3.11.0", version="3.11.0", train="t-web",
         change="normal", services=["storefront"], target="2027-03-16", depends=["passkeys-1.0.0"],
         desc="Passkey enrolment prompt after sign-in and a new account overview page.",
         success="Passkey enrolment above 5 % of signed-in users in two weeks; no sign-in errors."),
    dict(id="one-page-checkout-1.0.0", name="One-page checkout 1.0.0", version="1.0.0",
         train="t-web", change="normal", services=["orders", "storefront", "mobile-bff"],
         target="2027-03-16", depends=["orders-4.2.0"],
         desc="Checkout on a single page on web and in the apps, with address and payment inline.",
         success="Checkout completion up 3 % (A/B); payment errors unchanged.",
         known="Apple Pay on web stays on the old flow until 1.1."),
    dict(id="search-5.9.0", name="Search 5.9.0", version="5.9.0", train="t-web",
         change="normal", services=["search"], target="2027-03-30",
         anchors={"dev": ("2027-03-15", 0), "test": ("2027-03-17", 0)},
         desc="Personalised ranking for signed-in customers.",
         success="Search click-through up 2 %; p95 latency under 120 ms."),
    dict(id="ledger-db-5.0.1", name="Ledger DB 5.0.1 (quarter-end rounding fix)", version="5.0.1",
         train=None, change="emergency", services=["ledger-db"], target="2027-03-30",
         anchors={"dev": ("2027-03-30", 0), "test": ("2027-03-30", 0), "staging": ("2027-03-30", 18)},
         desc="Applies the new rounding rule for multi-currency balances that regulatory reporting "
              "requires from 1 April. The vendor library with the rule ships on 29 March, so the change "
              "is expedited (dev to prod in one day) and must land before the Q1 close run.",
         rollback="Restore the ledger from the snapshot taken at 22:25; replay the journal from the "
                  "write-ahead log (rehearsed in staging the same evening).",
         success="Trial balance for March reconciles to the cent in every currency.",
         known="Deploys during the month-end close under an emergency waiver signed by the CFO office."),
    dict(id="api-gateway-5.4.0", name="API gateway 5.4.0", version="5.4.0", train="t-platform",
         change="normal", services=["api-gateway"], target="2027-04-01",
         anchors={"dev": ("2027-03-22", 0), "test": ("2027-03-24", 0)},
         desc="GraphQL federation endpoint for the mobile apps.",
         success="Federated queries p95 under 180 ms; no 5xx increase."),
    dict(id="payments-api-7.2.0", name="Payments API 7.2.0", version="7.2.0", train="t-platform",
         change="normal", services=["payments-api"], target="2027-04-01", depends=["ledger-db-5.0.0"],
         approvals=[(CAB_CHAIR, "cab", "approved", "2027-02-10T15:20:00+01:00",
                     "Approved at the Q1 CAB subject to the security review.")],
         desc="Multi-currency payouts on top of Ledger DB 5.0.",
         success="Payout success above 99.9 %; FX differences under 0.01 EUR per payout.",
         known="Security review of the new payout beneficiary API is still open."),
    dict(id="notifications-4.1.0", name="Notifications 4.1.0", version="4.1.0", train="t-platform",
         change="normal", services=["notifications"], target="2027-04-01",
         desc="Push notifications through the new provider; SMS fallback.",
         success="Push delivery above 97 %; SMS cost per order not above February's."),
    dict(id="mobile-bff-2.4.0", name="Mobile BFF 2.4.0", version="2.4.0", train="t-web",
         change="normal", services=["mobile-bff"], target="2027-04-13", depends=["api-gateway-5.4.0"],
         anchors={"dev": ("2027-03-23", 0), "test": ("2027-03-25", 0)},
         desc="Moves the apps' queries to the gateway's GraphQL federation endpoint.",
         success="App screen load p75 under 900 ms; crash-free sessions above 99.7 %."),
    dict(id="storefront-3.12.0", name="Storefront 3.12.0", version="3.12.0", train="t-web",
         change="normal", services=["storefront"], target="2027-04-13",
         desc="Spring campaign landing pages and gift cards in the cart.",
         success="Gift card redemption errors under 0.5 %; landing page LCP under 2.0 s."),
    dict(id="search-6.0.0", name="Search 6.0.0", version="6.0.0", train="t-web",
         change="normal", services=["search"], target="2027-04-13",
         desc="New index layout and typo tolerance for all locales.",
         success="Zero-result searches under 2.5 %; reindex finishes within the window."),
    dict(id="notifications-4.2.0", name="Notifications 4.2.0", version="4.2.0", train="t-web",
         change="standard", services=["notifications"], target="2027-04-13",
         desc="Spring campaign e-mail templates (standard change SC-7).",
         rollback="Re-activate the previous template set in the template registry.",
         success="E-mail bounce and complaint rates unchanged."),
    dict(id="storefront-4.0.0", name="Storefront 4.0.0 (redesign)", version="4.0.0", train="t-web",
         change="normal", services=["storefront"], target="2027-04-27", status="draft", envs=["dev"],
         desc="The 2027 redesign: new design system, server components.",
         success="To be agreed with product: conversion, LCP and accessibility targets."),
]
REL = {r["id"]: r for r in RELEASES}

# The intended conflicts: deployments placed by hand, booked before anything else.
# (release, service, environment, wave) -> (Berlin local start "YYYY-MM-DD HH:MM", minutes)
FORCED = {
    # blackout (error): the canary starts inside Thursday's window but runs past
    # midnight into the month-end close that begins Friday 26 February.
    ("fraud-scoring-2.1.0", "fraud-scoring", "prod", None): ("2027-02-25 23:30", 75),
    # outside-window (error): the phased rollout starts at 00:30 in Thursday's
    # window and runs an hour past its 02:00 end.
    ("analytics-pipeline-3.2.0", "analytics-pipeline", "prod", None): ("2027-03-12 00:30", 150),
    # overlap (error): two releases booked the storefront in staging the same evening.
    ("storefront-3.11.0", "storefront", "staging", None): ("2027-03-12 18:00", 60),
    ("one-page-checkout-1.0.0", "storefront", "staging", None): ("2027-03-12 18:30", 60),
    # team-unavailable (warning): 18:15 in Berlin is already Holi in Kolkata.
    ("search-5.9.0", "search", "staging", None): ("2027-03-22 18:15", 45),
    # blackout (warning): emergency waiver during the Q1 month-end close.
    ("ledger-db-5.0.1", "ledger-db", "prod", None): ("2027-03-30 22:30", 30),
    # dependency-order (error): Mobile BFF 2.4.0 needs API gateway 5.4.0, but in
    # staging it starts at 18:30 while the gateway deploys until 18:45.
    ("api-gateway-5.4.0", "api-gateway", "staging", None): ("2027-03-30 18:00", 45),
    ("mobile-bff-2.4.0", "mobile-bff", "staging", None): ("2027-03-30 18:30", 45),
    # concurrency (warning): three prod deployments at once from 22:30 to 23:00.
    ("storefront-3.12.0", "storefront", "prod", "eu"): ("2027-04-13 22:00", 60),
    ("search-6.0.0", "search", "prod", None): ("2027-04-13 22:15", 60),
    ("notifications-4.2.0", "notifications", "prod", None): ("2027-04-13 22:30", 45),
}

# ---------------------------------------------------------------------------
# The planner
# ---------------------------------------------------------------------------

SOFT_CAP = {"dev": 3, "test": 3, "staging": 2, "prod": 2}
MINUTES = {"dev": 20, "test": 40, "staging": 45}


class Booking:
    def __init__(self, rel, svc, env, wave, attempt, start, minutes, strategy):
        self.rel, self.svc, self.env, self.wave, self.attempt = rel, svc, env, wave, attempt
        self.start = utc(start)
        self.end = self.start + timedelta(minutes=minutes)
        self.strategy = strategy
        self.status = None


BOOKINGS = []


def env_bookings(env):
    return [b for b in BOOKINGS if b.env == env]


def peak(bookings, s, e):
    """Most bookings active at one instant of [s, e)."""
    live = [b for b in bookings if overlaps(b.start, b.end, s, e)]
    points = [s] + [b.start for b in live if b.start > s]
    return max(sum(1 for b in live if b.start <= p < b.end) for p in points) if live else 0


def fits(svc, env, s, e):
    team = SVC[svc][2]
    same_env = env_bookings(env)
    if any(b.svc == svc and overlaps(b.start, b.end, s, e) for b in same_env):
        return False
    if peak(same_env, s, e) + 1 > SOFT_CAP[env]:
        return False
    for _, envs, svcs, occs in BLACKOUTS:
        if (not envs or env in envs) and (not svcs or svc in svcs):
            if any(overlaps(o0, o1, s, e) for o0, o1 in occs):
                return False
    if any(overlaps(utc(u0), utc(u1), s, e) for u0, u1, _ in UNAVAILABLE[team]):
        return False
    return True


def containers(svc, env, wave, earliest):
    """The allowed periods, in order, that end after `earliest`."""
    if env in ("dev", "test"):
        tz = TEAM_TZ[SVC[svc][2]]
        first = earliest.astimezone(tz).date()
        for d in days(first, first + timedelta(days=120)):
            if d.weekday() < 5:
                yield utc(local(d, 9, 0, tz)), utc(local(d, 17, 0, tz))
        return
    if env == "staging":
        occs = STAGING
    elif wave == "us" and svc in US_WINDOW_SERVICES:
        occs = PROD_US
    else:
        occs = PROD_EU
    for o in occs:
        if o[1] > earliest:
            yield o


def find_slot(svc, env, wave, earliest, minutes):
    dur = timedelta(minutes=minutes)
    for c0, c1 in containers(svc, env, wave, earliest):
        s = ceil_step(max(c0, earliest))
        while s + dur <= c1:
            if fits(svc, env, s, s + dur):
                return s
            s += STEP
    raise SystemExit(f"no slot for {svc} in {env} ({wave}) after {earliest}")


def topo(services):
    """The release's services, providers before their consumers."""
    order, seen = [], set()

    def visit(s):
        if s in seen:
            return
        seen.add(s)
        for p in SVC[s][5]:
            if p in services:
                visit(p)
        order.append(s)

    for s in services:
        visit(s)
    return order


def anchor(r, env):
    if env in r.get("anchors", {}):
        d, hh = r["anchors"][env]
        return utc(local(D(d), hh))
    t = D(r["target"])
    return utc({"dev": local(t - timedelta(days=8)),
                "test": local(t - timedelta(days=6)),
                "staging": local(t - timedelta(days=4), 18),
                "prod": local(t)}[env])


def deploy_minutes(svc, env):
    return SVC[svc][7] if env == "prod" else MINUTES[env]


def deploy_strategy(svc, env):
    """The service's pipeline uses one strategy everywhere (staging rehearses prod)."""
    return SVC[svc][6]


def forced_booking(key):
    rel, svc, env, wave = key
    when, minutes = FORCED[key]
    start = datetime.strptime(when, "%Y-%m-%d %H:%M").replace(tzinfo=BERLIN)
    return Booking(rel, svc, env, wave, 0, start, minutes, deploy_strategy(svc, env))


def schedule():
    forced = {k: forced_booking(k) for k in FORCED}
    BOOKINGS.extend(forced.values())
    done = set()
    for r in RELEASES:
        for dep in r.get("depends", []):
            assert dep in done, f"{r['id']} depends on {dep}, which must come earlier"
        done.add(r["id"])
        mine = []  # this release's bookings
        envs = r.get("envs", ENVS)
        for env in envs:
            for svc in topo(r["services"]):
                earliest = anchor(r, env)
                # promotion order: after this service's previous environments
                earliest = max([earliest] + [b.end for b in mine if b.svc == svc])
                # service order: after the providers this release also deploys here
                earliest = max([earliest] + [b.end for b in mine
                                             if b.env == env and b.svc in SVC[svc][5]])
                # dependency order: after every deployment of the releases it needs
                earliest = max([earliest] + [b.end for b in BOOKINGS
                                             if b.env == env and b.rel in r.get("depends", [])])
                waves = WAVES.get(svc, [None]) if env == "prod" else [None]
                for wave in waves:
                    outcomes = r.get("outcomes", {}).get((svc, env, wave))
                    if env == "dev" and outcomes is None:
                        outcomes = [None] * (3 if r["change"] == "normal" else 1)
                    outcomes = outcomes or [None]
                    for attempt, outcome in enumerate(outcomes):
                        key = (r["id"], svc, env, wave)
                        if key in forced:
                            b = forced[key]
                        else:
                            b = Booking(r["id"], svc, env, wave, attempt,
                                        find_slot(svc, env, wave, earliest, deploy_minutes(svc, env)),
                                        deploy_minutes(svc, env), deploy_strategy(svc, env))
                            BOOKINGS.append(b)
                        b.attempt = attempt
                        b.repeat = len(outcomes) > 1
                        b.status = outcome
                        mine.append(b)
                        # the next attempt or wave: a later window (prod, EU->US
                        # in Berlin windows), the next day (dev builds), or a fix
                        # within the day (test)
                        gap = {"prod": 20, "dev": 20, "test": 2, "staging": 20}[env]
                        earliest = b.end + timedelta(hours=gap)
                        if env == "prod" and wave == "eu" and svc in US_WINDOW_SERVICES:
                            earliest = b.end
        r["bookings"] = mine
    # every booking must belong to a release (catches a typo in FORCED)
    for b in BOOKINGS:
        assert any(b in r["bookings"] for r in RELEASES), (b.rel, b.svc, b.env, b.wave)


def deployment_id(b):
    parts = [b.rel, b.svc, b.env]
    if b.wave:
        parts.append(b.wave)
    if getattr(b, "repeat", False):
        parts.append(f"rc{b.attempt + 1}" if b.env == "dev" else f"try{b.attempt + 1}")
    return "/".join(parts)


# ---------------------------------------------------------------------------
# Approvals and statuses
# ---------------------------------------------------------------------------

def approvals_for(r):
    if "approvals" in r:
        return [{"by": by, "role": role, "decision": dec, "at": at, **({"comment": c} if c else {})}
                for by, role, dec, at, c in r["approvals"]]
    prod = [b for b in r["bookings"] if b.env == "prod"]
    if not prod:
        return []
    first = min(b.start for b in prod)
    sensitive = any(b.svc in SENSITIVE for b in prod)
    team = SVC[r["services"][0]][2]
    po = TEAM[team][3]
    # Approved two days before the first prod deployment, or at the Q1 CAB
    # session on 10 February for everything planned after the demo's "today".
    q1_cab = utc(local(D("2027-02-10"), 15, 0))
    at = min(first - timedelta(days=2), q1_cab + timedelta(minutes=5 * RELEASES.index(r)))
    at = ceil_step(at)
    cab_comment = "Approved at the Q1 CAB session." if at >= q1_cab else None
    out = []

    def add(by, role, when, comment=None):
        a = {"by": by, "role": role, "decision": "approved", "at": plan_time(when)}
        if comment:
            a["comment"] = comment
        out.append(a)

    if r["change"] == "emergency":
        # an emergency CAB: the evening before, or (for the one planned ahead)
        # two days before the demo's "today"
        ecab = first - timedelta(hours=6)
        if ecab > AS_OF:
            ecab = utc(local(D("2027-02-12"), 11, 0))
        add(CAB_CHAIR, "cab", ecab,
            "Emergency CAB: approved, post-implementation review within 5 working days.")
        add(SECURITY_DEPUTY if sensitive else po, "security" if sensitive else "product-owner",
            ecab + timedelta(hours=1))
    elif r["change"] == "normal":
        add(CAB_CHAIR if RELEASES.index(r) % 3 else CAB_DEPUTY, "cab", at, cab_comment)
        if sensitive:
            add(SECURITY if RELEASES.index(r) % 2 else SECURITY_DEPUTY, "security",
                at + timedelta(hours=1))
        add(po, "product-owner", at + timedelta(hours=2))
    else:  # standard: pre-approved; sensitive data still needs two approvers
        if sensitive:
            add(po, "product-owner", at)
            add(SECURITY, "security", at + timedelta(hours=1), "Template-only change, no data-flow change.")
    return out


def check_approvals(r, approvals):
    for a in approvals:
        at = datetime.fromisoformat(a["at"])
        assert at <= AS_OF, f"{r['id']}: an approval after the demo's today"
        prod = [b.start for b in r["bookings"] if b.env == "prod"]
        assert not prod or at < min(prod), f"{r['id']}: approved after its first prod deployment"


def release_status(r):
    if "status" in r:
        return r["status"]
    bs = r["bookings"]
    if all(b.end <= AS_OF for b in bs):
        return "deployed"
    if any(b.start < AS_OF for b in bs):
        return "in_progress"
    first_prod = min(b.start for b in bs if b.env == "prod")
    if first_prod - AS_OF <= timedelta(days=21):
        return "scheduled"
    if first_prod - AS_OF <= timedelta(days=35) and r["change"] != "standard":
        return "approved"
    return "planned"


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------

def build():
    schedule()
    for b in BOOKINGS:
        past = b.end <= AS_OF
        if b.status is None and past:
            b.status = "succeeded"
        assert past or b.status is None, f"an outcome in the future: {deployment_id(b)}"

    teams = []
    for tid, name, tz, _po, _owner in TEAMS:
        teams.append({"id": tid, "name": name, "timezone": tz, "unavailable": [
            {"start": zoned(s, TEAM_TZ[tid]), "end": zoned(e, TEAM_TZ[tid]), "reason": why}
            for s, e, why in UNAVAILABLE[tid]]})

    services = []
    for sid, name, team, tier, classes, deps, _st, _min in SERVICES:
        s = {"id": sid, "name": name, "team": team, "tier": tier}
        if classes:
            s["data_classes"] = classes
        if deps:
            s["depends_on"] = deps
        services.append(s)

    releases = []
    for r in RELEASES:
        team = SVC[r["services"][0]][2]
        strategies = {b.strategy for b in r["bookings"]}
        worst = max(strategies, key=lambda st: ["canary", "blue-green", "phased", "rolling", "big-bang"].index(st))
        rel = {"id": r["id"], "name": r["name"], "version": r["version"]}
        if r["train"]:
            rel["train"] = r["train"]
        rel["owner"] = TEAM[team][4]
        rel["change_type"] = r["change"]
        rel["status"] = release_status(r)
        if r.get("depends"):
            rel["depends_on"] = r["depends"]
        approvals = approvals_for(r)
        check_approvals(r, approvals)
        if approvals:
            rel["approvals"] = approvals
        rel["description"] = r["desc"]
        rel["rollback_plan"] = r.get("rollback", ROLLBACK[worst])
        rel["success_criteria"] = r["success"]
        if r.get("known"):
            rel["known_issues"] = r["known"]
        if r.get("pir"):
            rel["x"] = {"post_implementation_review": r["pir"]}
        releases.append(rel)

    deployments = []
    for b in sorted(BOOKINGS, key=lambda b: (b.start, deployment_id(b))):
        d = {"id": deployment_id(b), "release": b.rel, "service": b.svc, "environment": b.env,
             "start": plan_time(b.start), "end": plan_time(b.end), "strategy": b.strategy}
        if b.wave:
            d["wave"] = b.wave
        if b.status:
            d["status"] = b.status
        deployments.append(d)

    return {
        "format": "trainyard-plan",
        "version": 1,
        "name": "Demo: online shop, Q1 2027",
        "timezone": "Europe/Berlin",
        "environments": [
            {"id": "dev", "name": "Development", "order": 0},
            {"id": "test", "name": "Test", "order": 1},
            {"id": "staging", "name": "Staging", "order": 2, "requires_window": True},
            {"id": "prod", "name": "Production", "order": 3, "requires_window": True,
             "max_concurrent": 2, "requires_approval": True},
        ],
        "teams": teams,
        "services": services,
        "trains": TRAINS,
        "windows": WINDOWS,
        "releases": releases,
        "deployments": deployments,
        "x": {"demo": {
            "as_of": plan_time(AS_OF),
            "about": "Trainyard's built-in demo plan. Deployments that end before as_of are history "
                     "(with outcomes); the rest is the plan ahead, with a handful of intended conflicts.",
            "generator": "crates/trainyard-core/demo/generate_demo.py",
        }},
    }


def main():
    plan = build()
    json.dump(plan, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
