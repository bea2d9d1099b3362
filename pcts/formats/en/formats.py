# English pages keep the Vietnamese day-first formats: the data is Vietnamese whatever the language.
from pcts.formats.vi.formats import *  # noqa: F401,F403
