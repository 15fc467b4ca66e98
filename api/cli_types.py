"""The argument types of the ``innograph`` command line, and how it writes an output file.

Each type is given to ``argparse`` (``add_argument(..., type=port)``): a bad value is refused
while the arguments are parsed, with argparse's one ``error:`` line naming the option and the
value (exit 2), before anything is opened or computed.

>>> port("8000"), positive_int("3")
(8000, 3)
>>> port("99999")
Traceback (most recent call last):
...
argparse.ArgumentTypeError: 99999 is not a port: give 0 to 65535
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from innograph.graph.errors import InvalidParameterError

__all__ = ["MAX_PORT", "output_file", "port", "positive_int", "writing"]

MAX_PORT = 65535
"""The highest TCP port; 0 asks the system for a free one (as ``INNOGRAPH_PORT`` allows)."""


def port(text: str) -> int:
    """``text`` as a TCP port number, 0 to ``MAX_PORT``.

    Raises
    ------
    argparse.ArgumentTypeError
        Not an integer, or out of range.
    """
    value = _integer(text)
    if not 0 <= value <= MAX_PORT:
        raise argparse.ArgumentTypeError(f"{text} is not a port: give 0 to {MAX_PORT}")
    return value


def positive_int(text: str) -> int:
    """``text`` as an integer of at least 1.

    >>> positive_int("0")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: 0 is not a positive integer: give 1 or more

    Raises
    ------
    argparse.ArgumentTypeError
        Not an integer, or below 1.
    """
    value = _integer(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not a positive integer: give 1 or more")
    return value


def output_file(text: str) -> Path:
    """``text`` as the path of a file to write: its directory exists and may be written to, and
    it is not itself a directory. (Whatever still fails when the file is written is reported by
    ``writing``.)

    >>> output_file("/nonexistent/x.html")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: cannot write /nonexistent/x.html: the directory /nonexistent ...

    Raises
    ------
    argparse.ArgumentTypeError
        The directory is missing, is not a directory or is not writable; the path is a directory.
    """
    try:
        path = Path(text).expanduser()
    except RuntimeError as err:  # "~nouser/x": no such user's home
        raise argparse.ArgumentTypeError(f"cannot write {text}: {err}") from None
    folder = path.parent
    problem = None
    if path.is_dir():
        problem = "it is a directory"
    elif not folder.exists():
        problem = f"the directory {folder} does not exist"
    elif not folder.is_dir():
        problem = f"{folder} is not a directory"
    elif not os.access(folder, os.W_OK | os.X_OK):
        problem = f"the directory {folder} is not writable"
    if problem is not None:
        raise argparse.ArgumentTypeError(f"cannot write {text}: {problem}")
    return path


@contextmanager
def writing(path: Path) -> Iterator[None]:
    """Turn an ``OSError`` raised while writing ``path`` into one clear error naming the file.

    Raises
    ------
    InvalidParameterError
        Writing failed (the directory went away, the disk is full, permission denied …).
    """
    try:
        yield
    except OSError as err:
        reason = err.strerror or str(err) or type(err).__name__
        raise InvalidParameterError(f"cannot write {path}: {reason}") from err


def _integer(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None
