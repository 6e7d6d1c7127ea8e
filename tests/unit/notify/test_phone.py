"""The phone number rule both sides apply, its masked form, and the kiosk's pad entry."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from kiosk.api.models import TicketIn
from kiosk.api.phone import international, mask, normalize
from kiosk.device.phone_entry import BACKSPACE, CLEAR, PhoneEntry


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("0912345123", "0912345123"),
        ("+84912345123", "0912345123"),
        ("84912345123", "0912345123"),
        ("091 234 5123", "0912345123"),
        ("0312.345.123", "0312345123"),
        ("0212345123", None),  # a landline prefix
        ("091234512", None),  # nine digits
        ("09123451234", None),  # eleven from 0
        ("+840912345123", None),
        ("", None),
    ],
)
def test_what_is_a_vietnamese_mobile_number(typed: str, number: str | None) -> None:
    assert normalize(typed) == number


def test_the_masked_form_hides_all_but_five_digits() -> None:
    assert mask("0912345123") == "09•• ••• 123"
    assert mask("+84912345123") == "09•• ••• 123"
    assert international("0912345123") == "84912345123"


def test_the_api_takes_both_forms_and_never_echoes_a_bad_number() -> None:
    assert TicketIn(service_id="a", phone="+84912345123").phone == "+84912345123"
    with pytest.raises(ValidationError):
        TicketIn(service_id="a", phone="0912")
    assert "0912345123" not in repr(TicketIn(service_id="a", phone="0912345123"))


def test_the_pad_entry_shows_masked_and_says_what_is_wrong() -> None:
    entry = PhoneEntry()
    assert entry.hint().key == "ticket.phone.empty" and entry.number is None
    for key in "09123451234":
        entry.key(key)
    entry.key("5")  # past eleven digits: ignored
    assert entry.number is None and entry.hint().key == "ticket.phone.invalid"
    entry.key(BACKSPACE)
    assert entry.number == "0912345123"
    assert entry.shown == "09•• ••• 123"
    assert entry.hint().values == {"phone": "09•• ••• 123"}
    entry.key(CLEAR)
    assert entry.shown == "" and entry.number is None
    for key in "84912345123":
        entry.key(key)
    assert entry.number == "0912345123"
