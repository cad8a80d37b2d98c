"""Reading the files people hand to faqbot, with one-line French errors."""

from __future__ import annotations

from pathlib import Path


def read_bytes(path: str | Path, error: type[Exception], *, label: str | None = None) -> bytes:
    """Read a whole file; any failure raises ``error`` with a one-line message.

    ``label`` names the file in the message (by default, its path).
    """
    name = str(path) if label is None else label
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise error(f"{name} : fichier introuvable") from None
    except IsADirectoryError:
        raise error(f"{name} : c'est un dossier, pas un fichier") from None
    except OSError as failure:
        raise error(f"{name} : lecture impossible ({failure.strerror})") from None


def line_of_offset(data: bytes, offset: int) -> int:
    """The 1-based line of byte ``offset``, for an error message."""
    return data.count(b"\n", 0, offset) + 1
