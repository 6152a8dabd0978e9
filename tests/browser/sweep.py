"""One browser test that checks many pages, reporting every page that failed by name.

A live server test flushes the database afterwards and builds its data again for the next one,
which cost seconds per page and viewport when each was a test of its own. A sweep visits all of
them against one set of data, and one failing page does not hide the others."""

import re

CSP_MESSAGE = re.compile(r"Content Security Policy|Refused to", re.IGNORECASE)


def watch_csp(page):
    """Record the Content-Security-Policy violations Chromium reports on the console in
    ``page.csp_violations``."""
    violations = []
    page.on("console", lambda msg: CSP_MESSAGE.search(msg.text) and violations.append(msg.text))
    page.csp_violations = violations
    return page


def axe_check(page, base_url, axe):
    """A check for `check_each`: the page at `path` in `viewport` passes axe, has one h1 and
    reports no CSP violation."""

    def check(path, viewport):
        page.csp_violations.clear()
        page.set_viewport_size(viewport)
        page.goto(base_url + path)
        axe(page)
        assert page.locator("h1").count() == 1
        assert page.csp_violations == []

    return check


def check_each(cases, check):
    """Call `check(*args)` for every `name: args` in `cases`; fail at the end, naming each case
    that raised and why."""
    failures = []
    for name, args in cases.items():
        try:
            check(*args)
        except Exception as error:  # reported below with the case's name
            failures.append(f"{name}: {type(error).__name__}: {error}")
    assert not failures, f"{len(failures)} of {len(cases)} failed:\n" + "\n\n".join(failures)
