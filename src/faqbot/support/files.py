"""Reading the files people hand to faqbot, with one-line French errors.

Only regular files are read, never more than a size limit: a FIFO would hang
faqbot and ``/dev/zero`` would fill the memory.

>>> french_reason(FileNotFoundError(2, "No such file or directory"))
'fichier introuvable'
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat

MAX_FILE_BYTES = 128 << 20
"""The largest file faqbot reads: an FAQ, a labeled file or a log of misses (128 MB,
an FAQ of about 150,000 entries of ten phrasings).
Checked by ``python -m pytest tests/test_faq.py``
and ``python -m pytest tests/test_hardening_log.py``."""

_REASONS = {
    errno.ENOENT: "fichier introuvable",
    errno.EISDIR: "c'est un dossier, pas un fichier",
    errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
    errno.EACCES: "permission refusée",
    errno.EPERM: "opération non permise",
    errno.ELOOP: "trop de liens symboliques",
    errno.ENAMETOOLONG: "nom de fichier trop long",
    errno.ENOSPC: "plus de place sur le disque",
    errno.EROFS: "système de fichiers en lecture seule",
    errno.EIO: "erreur d'entrée-sortie",
    errno.EEXIST: "le fichier existe déjà",
    errno.EBUSY: "ressource occupée",
    errno.EMFILE: "trop de fichiers ouverts",
    errno.EFBIG: "fichier trop gros",
    errno.ENXIO: "périphérique introuvable",
    errno.EPIPE: "tube fermé",
    errno.EBADF: "descripteur de fichier invalide",
}


class NotAFileError(OSError):
    """A path that exists but is not a regular file, or is too large to read."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def french_reason(error: OSError) -> str:
    """Why an operating-system call failed, in French, without the English text."""
    if isinstance(error, NotAFileError):
        return error.reason
    reason = _REASONS.get(error.errno) if error.errno is not None else None
    if reason is None:
        code = errno.errorcode.get(error.errno, "") if error.errno is not None else ""
        reason = f"erreur système {code}".strip() if code else "erreur système"
    return reason


def check_regular(path: str | os.PathLike[str], *, limit: int | None = MAX_FILE_BYTES) -> None:
    """Raise :class:`NotAFileError` unless ``path`` is a regular file within ``limit`` bytes.

    A missing path raises :class:`FileNotFoundError` as usual.
    """
    status = os.stat(path)
    if stat.S_ISDIR(status.st_mode):
        raise IsADirectoryError(errno.EISDIR, "is a directory")
    if not stat.S_ISREG(status.st_mode):
        raise NotAFileError("ce n'est pas un fichier ordinaire (tube, périphérique ou socket)")
    if limit is not None and status.st_size > limit:
        raise NotAFileError(
            f"fichier trop gros ({status.st_size / 2**20:.0f} Mo, au plus {limit / 2**20:.0f} Mo)"
        )


def read_bytes(
    path: str | os.PathLike[str],
    error: type[Exception],
    *,
    label: str | None = None,
    limit: int | None = None,
) -> bytes:
    """Read a whole regular file of at most ``limit`` bytes (:data:`MAX_FILE_BYTES`).

    Any failure raises ``error`` with a one-line French message naming the
    file as ``label`` (by default, its path).
    """
    name = os.fspath(path) if label is None else label
    limit = MAX_FILE_BYTES if limit is None else limit
    try:
        check_regular(path, limit=limit)
        with open(path, "rb") as file:
            data = file.read(limit + 1)
        if len(data) > limit:  # it grew while being read
            raise NotAFileError(f"fichier trop gros (au plus {limit / 2**20:.0f} Mo)")
        return data
    except OSError as failure:
        raise error(f"{name} : {french_reason(failure)}") from None


def read_tail(
    path: str | os.PathLike[str], error: type[Exception], *, limit: int = MAX_FILE_BYTES
) -> tuple[bytes, int]:
    """The last whole lines of a regular file, ``limit`` bytes at most, and
    how many bytes before them were left unread (0 for the whole file).

    Failures raise ``error`` with a one-line French message naming the file.
    """
    try:
        check_regular(path, limit=None)
        with open(path, "rb") as file:
            size = os.fstat(file.fileno()).st_size
            if size <= limit:
                data = file.read(limit + 1)
                if len(data) <= limit:
                    return data, 0
                size = len(data)  # it grew while being read
            file.seek(max(size - limit, 0))
            data = file.read(limit)
        # Skip the line cut in two at the start of what was read.
        cut = data.find(b"\n") + 1
        return data[cut:], max(size - limit, 0) + cut
    except OSError as failure:
        raise error(f"{os.fspath(path)} : {french_reason(failure)}") from None


def line_of_offset(data: bytes, offset: int) -> int:
    """The 1-based line of byte ``offset``, for an error message."""
    return data.count(b"\n", 0, offset) + 1


def replace_text(path: str, text: str) -> None:
    """Replace the file ``path`` by ``text`` (:func:`write_atomically`).

    A symbolic link is followed, and the file it points to replaced; the
    file keeps its mode, and its owner where the system lets us. A file
    without write permission is refused. Any :class:`OSError` names
    ``path``, the file the user gave, never the temporary file.
    """
    target = os.path.realpath(path)
    try:
        status = os.stat(target)
        if not status.st_mode & 0o222:
            raise PermissionError(errno.EACCES, "read-only file", path)
        write_atomically(
            target,
            text.encode("utf-8"),
            mode=stat.S_IMODE(status.st_mode),
            owner=(status.st_uid, status.st_gid),
        )
    except OSError as error:
        raise type(error)(error.errno, error.strerror, path) from None


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def new_temporary(folder: str, *, prefix: str, suffix: str) -> tuple[int, str]:
    """A new file in ``folder`` that only its owner can read, open for writing:
    its descriptor and path. As :func:`tempfile.mkstemp` does, without the
    import that would cost every start of faqbot."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW
    for _ in range(100):
        path = os.path.join(folder, f"{prefix}{os.urandom(6).hex()}{suffix}")
        try:
            return os.open(path, flags, 0o600), path
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", folder)


def write_atomically(
    path: str, data: bytes, *, mode: int, owner: tuple[int, int] | None = None
) -> None:
    """Write ``data`` to a temporary file beside ``path``, flushed to disk,
    then renamed over it: the file is whole at every instant, old or new.
    The new file gets ``mode``, and ``owner`` (uid, gid) where the system
    lets us; the temporary file never stays behind."""
    descriptor, temporary = new_temporary(
        os.path.dirname(path) or ".", prefix=".faqbot-", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, mode)
        if owner is not None and hasattr(os, "chown"):
            with contextlib.suppress(OSError):
                os.chown(temporary, *owner)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
