"""Fixtures for the review site's tests: the 2025 PDF sample extracted once, a batch of three
report years, the sites built from them, and a headless Chromium to open them in."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WORD_PDF = ROOT / "samples" / "isecg-annual-report-2025-word.pdf"
YEARS = [
    ROOT / "tests" / "fixtures" / "years" / "synthetic-isecg-annual-report-2023.txt",
    ROOT / "samples" / "isecg-annual-report-2025.txt",
    ROOT / "tests" / "fixtures" / "years" / "synthetic-isecg-annual-report-2026.txt",
]
CHROMIUM = os.environ.get("ISECG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def word_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``extract`` of the 2025 PDF sample (a plain output folder: no sentences.json)."""
    from isecg_extract.pipeline import extract_to

    out = tmp_path_factory.mktemp("word") / "word"
    extract_to(WORD_PDF, out)
    return out


@pytest.fixture(scope="session")
def word_site(word_out: Path, tmp_path_factory: pytest.TempPathFactory):
    from isecg_extract.review import build_review

    return build_review([word_out], tmp_path_factory.mktemp("site") / "site", [WORD_PDF])


@pytest.fixture(scope="session")
def years_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from isecg_extract.batch.run import run_batch

    out = tmp_path_factory.mktemp("years") / "out"
    run_batch([str(p) for p in YEARS], out, jobs=1, quiet=True)
    return out


@pytest.fixture(scope="session")
def years_site(years_out: Path, tmp_path_factory: pytest.TempPathFactory):
    from isecg_extract.review import build_review

    return build_review([years_out], tmp_path_factory.mktemp("ysite") / "site")


def _why_no_browser() -> str:
    if not Path(CHROMIUM).is_file():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium; .ci/run installs it)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[dev]')"
    return ""


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright (never a downloaded browser). Skipped when
    either is missing, except in CI (``CI=true``), where a missing browser is a failure.

    Module-scoped: Playwright runs a thread while it is started, and the tests after these
    (``ingest.workers.start_method``) must see a process with no other thread."""
    why = _why_no_browser()
    if why:
        if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
            pytest.fail(f"browser tests cannot run in CI: {why}")
        pytest.skip(why)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


class Watched:
    """A page whose console errors, page errors and requests are recorded."""

    def __init__(self, page) -> None:
        self.page = page
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: self.requests.append(r.url))

    def remote(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(("file://", "data:", "blob:"))]


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    watched = Watched(context.new_page())
    watched.page.set_default_timeout(10_000)
    yield watched
    context.close()


@pytest.fixture
def pipeline_copy(tmp_path: Path) -> Path:
    """A private copy of pipeline/ to record corrections in."""
    dest = tmp_path / "pipeline"
    shutil.copytree(ROOT / "pipeline", dest)
    return dest
