"""One browser test that checks many pages, reporting every page that failed by name.

A live server test flushes the database afterwards and builds its data again for the next one,
which cost seconds per page and viewport when each was a test of its own. A sweep visits all of
them against one set of data, and one failing page does not hide the others."""


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
