"""Reading and writing files without hanging or half-writing: the edges that touch disk."""

from __future__ import annotations

import errno
import os
import stat
import uuid


def read_regular(path: str) -> bytes:
    """A file's bytes; a FIFO or device would block or never end, so it is refused."""
    if not stat.S_ISREG(os.stat(path).st_mode):
        raise OSError(errno.EINVAL, "not a regular file")
    with open(path, "rb") as handle:
        return handle.read()


def write_atomic(path: str, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step, keeping its permissions (a new file is
    private to its owner). An interrupt at any point leaves the old file or the new one,
    and no temporary file."""
    folder = os.path.dirname(os.path.abspath(path))
    try:
        mode = os.stat(path).st_mode & 0o7777
    except FileNotFoundError:
        mode = None
    # Named before it exists, so that an interrupt at any point can remove it.
    temporary = os.path.join(folder, f".nanlint-{os.getpid()}-{uuid.uuid4().hex}.tmp")
    try:
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:  # Ctrl-C included: leave the original, and no temporary file
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
