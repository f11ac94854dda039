"""The html report printed to PDF by a headless Chromium, the way a reader would print it.

The page's own print style (``@media print``, ``@page``) lays the paper out, so the
PDF is what "Print to PDF" in a browser gives.  Playwright (the optional extra ``pdf``)
drives the browser; no browser is downloaded: the one used is, in order,
``TRADEOFF_CHROMIUM`` (a path), ``chromium`` or ``chromium-browser`` on PATH,
/usr/bin/chromium, and Playwright's own if ``playwright install chromium`` put one there.
"""

from __future__ import annotations

import os
import shutil
from typing import Any

from ..model.errors import MissingExtra, ScenarioError, install_hint

#: The file suffix that asks for a PDF.
SUFFIX = ".pdf"
#: Where tradeoff looks for Chromium first: a path to its executable.
CHROMIUM_ENV = "TRADEOFF_CHROMIUM"
#: A4 with the page's own margins (``@page`` in the html page says the same).
PAPER = {"format": "A4", "print_background": True,
         "margin": {"top": "14mm", "bottom": "14mm", "left": "12mm", "right": "12mm"}}
_ARGS = ["--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run"]
_NEEDS = "a PDF report needs Playwright and Chromium, the optional extra 'pdf'"


def wanted(output: str | None) -> bool:
    """Whether the file `output` asks for a PDF (its suffix is .pdf)."""
    return output not in (None, "-") and os.path.splitext(output)[1].lower() == SUFFIX


def sync_playwright() -> Any:
    """Playwright's entry point, or a `MissingExtra` that says how to install it."""
    try:
        from playwright.sync_api import sync_playwright as start
    except ImportError:
        raise MissingExtra(f"{_NEEDS}: {install_hint('pdf')}") from None
    return start


def system_chromium() -> str | None:
    """The Chromium to use that is not Playwright's own, or None.

    A ``TRADEOFF_CHROMIUM`` that is not an executable file is an error, never passed over."""
    chosen = os.environ.get(CHROMIUM_ENV)
    if chosen:
        if not (os.path.isfile(chosen) and os.access(chosen, os.X_OK)):
            raise MissingExtra(f"{CHROMIUM_ENV}={chosen!r}: expected the path of a Chromium executable")
        return chosen
    for candidate in (shutil.which("chromium"), shutil.which("chromium-browser"), "/usr/bin/chromium"):
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def check_format(fmt: str) -> None:
    """Before a long analysis runs for nothing: a PDF is the html page printed, so `fmt`
    must be html, and the `MissingExtra` `html_to_pdf` would raise is raised now
    (Playwright's own browser is looked for only when it starts)."""
    if fmt != "html":
        raise ScenarioError(path=("--format",), expected=f"html for a {SUFFIX} file (the PDF is the html page, printed)",
                            found=f'"{fmt}"')
    sync_playwright()
    system_chromium()


def html_to_pdf(html: str) -> bytes:
    """The PDF of a self-contained html page (A4, backgrounds printed).

    The page gets no network (every request is refused) and no script: a report has
    neither, and text from a scenario must not make the browser fetch or run anything."""
    start = sync_playwright()
    executable = system_chromium()
    with start() as playwright:
        if executable is None and not os.path.isfile(playwright.chromium.executable_path):
            raise MissingExtra(
                f"{_NEEDS}: no Chromium found (set {CHROMIUM_ENV} to its path, put chromium on PATH, "
                "or apt-get install chromium)"
            )
        browser = playwright.chromium.launch(executable_path=executable, args=_ARGS)
        try:
            context = browser.new_context(java_script_enabled=False, offline=True)
            page = context.new_page()
            page.route("**/*", lambda route: route.abort())
            page.set_content(html, wait_until="load")
            page.emulate_media(media="print")
            return page.pdf(**PAPER)
        finally:
            browser.close()
