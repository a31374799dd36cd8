"""Pinned wheels from the package registry, downloaded and unpacked once into bench/.cache.

Shared by accuracy.py, speed.py and robustness.py; nothing here is ever committed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

CACHE = Path(__file__).resolve().parent / ".cache"
WHEELS = CACHE / "wheels"


def download(package: str, version: str) -> Path:
    """The wheel file of package==version, downloaded with pip if it is not here yet."""
    stem = package.replace("-", "_").replace(".", "_").lower()

    def find() -> list[Path]:
        return [p for p in WHEELS.glob("*.whl")
                if p.name.lower().startswith(f"{stem}-{version}-")]

    WHEELS.mkdir(parents=True, exist_ok=True)
    wheels = find()
    if not wheels:
        print(f"downloading {package}=={version} ...", file=sys.stderr, flush=True)
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                        "--only-binary=:all:", f"{package}=={version}", "-d", str(WHEELS)],
                       check=True)
        wheels = find()
    if not wheels:
        sys.exit(f"pip downloaded no wheel for {package}=={version}")
    return wheels[0]


def unpacked(package: str, version: str, target: Path) -> Path:
    """``target`` holding the unpacked wheel (unpacked once, through a staging folder so
    that an interrupted unpack is never taken for a finished one)."""
    marker = target / ".unpacked"
    if marker.exists() and marker.read_text().strip() == version:
        return target
    wheel = download(package, version)
    staging = target.with_name(f".{target.name}.partial")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.rmtree(target, ignore_errors=True)
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(staging)
    (staging / ".unpacked").write_text(version + "\n")
    staging.rename(target)
    return target
