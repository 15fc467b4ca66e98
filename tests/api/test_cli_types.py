"""The command line's argument types and its writing of an output file."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from innograph.api.cli_types import output_file, port, positive_int, writing
from innograph.graph.errors import InvalidParameterError


@pytest.mark.parametrize(("text", "value"), [("0", 0), ("8000", 8000), ("65535", 65535)])
def test_port_takes_0_to_65535(text: str, value: int) -> None:
    assert port(text) == value


@pytest.mark.parametrize("text", ["99999", "65536", "-1", "http", "80.5"])
def test_port_refuses_what_no_socket_binds(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match=r"port|integer"):
        port(text)


@pytest.mark.parametrize("text", ["0", "-3", "x"])
def test_positive_int_refuses_zero_negatives_and_words(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match=r"positive integer|not an integer"):
        positive_int(text)


def test_output_file_takes_a_file_in_a_writable_directory(tmp_path: Path) -> None:
    assert output_file(str(tmp_path / "x.html")) == tmp_path / "x.html"
    with pytest.raises(argparse.ArgumentTypeError, match="does not exist"):
        output_file(str(tmp_path / "missing" / "x.html"))
    with pytest.raises(argparse.ArgumentTypeError, match="is a directory"):
        output_file(str(tmp_path))
    (tmp_path / "file").write_text("")
    with pytest.raises(argparse.ArgumentTypeError, match="is not a directory"):
        output_file(str(tmp_path / "file" / "x.html"))


def test_writing_names_the_file_when_the_write_fails(tmp_path: Path) -> None:
    target = tmp_path / "gone" / "x.trig"
    missing = pytest.raises(InvalidParameterError, match=r"cannot write .*x\.trig: No such file")
    with missing, writing(target):
        target.write_text("")
    silent = pytest.raises(InvalidParameterError, match=r"cannot write .*: OSError")
    with silent, writing(target):
        raise OSError()  # no message at all: still a reason


def test_output_file_refuses_an_unknown_users_home() -> None:
    """'~nouser/x' ended in a RuntimeError traceback from Path.expanduser."""
    with pytest.raises(argparse.ArgumentTypeError, match=r"cannot write ~no-such-user-x/x\.html"):
        output_file("~no-such-user-x/x.html")
