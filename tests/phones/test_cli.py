"""`scenarios rehearse --phones [--host H] [--port P]`: what the facilitator asks for reaches the app."""

from __future__ import annotations

import pytest

from scenarios.cli.main import _phone_options, build_parser
from scenarios.phones.address import DEFAULT_PORT, PhoneOptions


def test_phones_are_asked_for_with_an_address_or_left_off() -> None:
    parser = build_parser("en", command="rehearse")
    assert _phone_options(parser.parse_args(["rehearse"])) is None
    assert _phone_options(parser.parse_args(["rehearse", "--phones"])) == PhoneOptions(None, DEFAULT_PORT)
    assert _phone_options(parser.parse_args(["rehearse", "--phones", "--host", "10.0.0.5", "--port", "9000"])) == (
        PhoneOptions("10.0.0.5", 9000)
    )
    assert _phone_options(parser.parse_args(["rehearse", "--port", "9000"])) == PhoneOptions(None, 9000)


@pytest.mark.parametrize("port", ["70000", "-1", "http"])
def test_a_port_that_is_no_port_is_a_usage_error(port: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        build_parser("en", command="rehearse").parse_args(["rehearse", "--phones", "--port", port])
    assert exit_.value.code == 2 and "--port" in capsys.readouterr().err


def test_the_default_address_is_never_every_interface() -> None:
    assert PhoneOptions().address not in ("0.0.0.0", "::", "")
    assert PhoneOptions("0.0.0.0").address == "0.0.0.0"  # only when asked for
