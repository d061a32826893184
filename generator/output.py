"""Write a folder of files so that readers see either the old one or the new one, whole.

Files are written into a fresh temporary folder beside the destination, which is
then swapped in by two renames; a failure before the swap leaves the previous
output untouched, and files of deleted seeds disappear with the old folder.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path


def replace_dir(dest: Path, fill: Callable[[Path], None]) -> None:
    """Fill a temporary folder with `fill(folder)`, then swap it in as `dest`."""
    dest = dest.resolve()
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}.new-", dir=dest.parent))
    try:
        fill(staging)
        staging.chmod(0o755)
        if dest.exists():
            retired = Path(tempfile.mkdtemp(prefix=f".{dest.name}.old-", dir=dest.parent))
            retired.rmdir()
            dest.rename(retired)
            staging.rename(dest)
            shutil.rmtree(retired, ignore_errors=True)
        else:
            staging.rename(dest)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def write_files(folder: Path, files: dict[str, str]) -> None:
    """Write text files (relative path -> content) under `folder`, in sorted order."""
    for relative in sorted(files):
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(files[relative], encoding="utf-8", newline="\n")
