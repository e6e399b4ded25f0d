"""Times a user reads are Dutch local time (Europe/Amsterdam), not the UTC they are stored in."""

import datetime as dt
from types import SimpleNamespace

from dashboard.formatting import local_timestamp, nl_datetime, nl_local_date
from dashboard.reports.document import Report


def test_a_winter_moment_is_shown_one_hour_later():
    assert nl_datetime(dt.datetime(2026, 1, 15, 8, 5)) == "15-01-2026 09:05"


def test_a_summer_moment_is_shown_two_hours_later():
    assert nl_datetime(dt.datetime(2026, 7, 15, 8, 5, 42), seconds=True) == "15-07-2026 10:05:42"


def test_the_clock_change_is_followed():
    # 29 March 2026: the clocks go from 02:00 to 03:00 local time (01:00 UTC).
    assert nl_datetime(dt.datetime(2026, 3, 29, 0, 59)) == "29-03-2026 01:59"
    assert nl_datetime(dt.datetime(2026, 3, 29, 1, 0)) == "29-03-2026 03:00"


def test_late_evening_utc_is_the_next_dutch_day():
    assert nl_local_date(dt.datetime(2026, 12, 5, 23, 30)) == "06-12-2026"
    assert nl_local_date(None) == "-" and nl_datetime(None) == "-"


def test_an_aware_moment_is_converted_too():
    moment = dt.datetime(2026, 7, 1, 9, 30, tzinfo=dt.UTC)
    assert nl_datetime(moment) == "01-07-2026 11:30"


def test_beheer_shows_logins_blocks_and_audit_in_local_time():
    from dashboard.callbacks.beheer import audit_record, user_record

    user = SimpleNamespace(
        username="ans",
        role="gebruiker",
        gemeente_code="GM0153",
        active=True,
        last_login_at=dt.datetime(2026, 12, 5, 7, 12),  # UTC, winter
        locked_until=None,
        sso_provider=None,
        password_hash="x",
        display_name=None,
    )
    assert user_record(user, frozenset())["laatst_ingelogd"] == "05-12-2026 08:12"
    event = SimpleNamespace(
        tijdstip=dt.datetime(2026, 6, 30, 22, 15, 3), username="admin", actie="export", details=""
    )
    assert audit_record(event)["tijdstip"] == "01-07-2026 00:15:03"


def test_a_report_says_when_it_was_made_in_local_time():
    report = Report("t", "s", dt.date(2026, 6, 30), dt.datetime(2026, 7, 1, 9, 30))
    assert "Gegenereerd op 01-07-2026 om 11:30" in report.title_lines()


def test_a_record_file_keeps_the_offset_so_the_repeated_hour_stays_in_order():
    # 25 October 2026: 02:00-03:00 local time happens twice (00:30 and 01:30 UTC).
    first = local_timestamp(dt.datetime(2026, 10, 25, 0, 30))
    second = local_timestamp(dt.datetime(2026, 10, 25, 1, 30))
    assert (first, second) == ("2026-10-25 02:30:00+02:00", "2026-10-25 02:30:00+01:00")
    assert local_timestamp(dt.datetime(2026, 1, 15, 8, 5, 3, 999)) == "2026-01-15 09:05:03+01:00"
