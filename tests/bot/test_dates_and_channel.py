"""Date helpers and the metadata REST channel."""
import datetime as dt

from actions.dates import format_date, normalise_received_at, received_on
from channels import guard
from channels.rest_metadata import RestMetadataInput


def test_format_date_for_people():
    assert format_date("2026-12-01") == "Tuesday 1 December 2026"
    assert format_date("2027-01-04") == "Monday 4 January 2027"
    assert format_date(None) is None and format_date("soon") is None


def test_received_at_prefers_metadata_then_timestamp():
    assert normalise_received_at("2026-03-01") == "2026-03-01"
    assert normalise_received_at("2026-03-01T23:30:00Z") == "2026-03-01T23:30:00+00:00"
    assert normalise_received_at("2026-07-01T10:00:00").endswith("+01:00")  # London BST
    stamp = dt.datetime(2026, 1, 5, 8, tzinfo=dt.timezone.utc).timestamp()
    assert normalise_received_at("not a date", stamp) == "2026-01-05T08:00:00+00:00"


def test_received_on_uses_london_day():
    assert received_on("2026-06-30T23:30:00+00:00") == dt.date(2026, 7, 1)
    assert received_on("2026-03-01") == dt.date(2026, 3, 1)


def test_channel_sets_received_at_and_drops_profile():
    """Issue 16: a client cannot set the receipt time or the profile (see tests/faults/)."""
    kept = guard.metadata_for({"received_at": "2026-02-01", "profile": "impact-2018",
                               "lang": "en"}, is_trusted=False, channel="rest_metadata")
    assert set(kept) == {"received_at", "channel", "lang"}
    assert dt.datetime.fromisoformat(kept["received_at"]).tzinfo is not None
    trusted = guard.metadata_for({"received_at": "2026-02-01"}, is_trusted=True,
                                 channel="rest_metadata")
    assert trusted["received_at"] == "2026-02-01"
    junk = guard.metadata_for("nope", is_trusted=False, channel="rest_metadata")
    assert set(junk) == {"received_at", "channel"}


def test_channel_message_id_only_when_safe():
    assert guard.message_id_or_new("abc-1") == "abc-1"
    assert guard.message_id_or_new("a b") != "a b"
    assert RestMetadataInput.name() == "rest_metadata"
