"""Remember read-only look-ups for the length of one bulk write (a tracker import).

A bulk write calls the services thousands of times in one transaction; each call would read the
same calendar, the same unit heads and the same settings again. Inside `remembering()` such
look-ups are read once; outside it, `remembered` reads every time, as a single write must.
"""

import contextlib
import contextvars

_memo: contextvars.ContextVar[dict | None] = contextvars.ContextVar("batch_memo", default=None)


@contextlib.contextmanager
def remembering():
    """Keep what `remembered` reads until the block ends (use inside the bulk write's transaction)."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def remembered(key, compute):
    """Return compute(), read once per `remembering()` block for the same key, else every call."""
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]
