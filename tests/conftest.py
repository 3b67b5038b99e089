"""Test-wide setup: Qt renders offscreen, and ../shared is found or its tests are skipped."""

import os
from pathlib import Path

import pytest

# Before any Qt import: tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The read-only ../shared folder beside the project, or a skip where it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent (a user's clone): shared-data tests are skipped")
    return SHARED


def _hypothesis_profile() -> None:
    # A shared 2-core CI machine makes per-example deadlines flaky; speed lives in benchmarks.
    from hypothesis import HealthCheck, settings

    settings.register_profile(
        "infercost", deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )
    settings.load_profile("infercost")


_hypothesis_profile()
