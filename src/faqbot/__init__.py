"""faqbot: answers French questions about an FAQ, or honestly none.

The public names are imported when first used, so that ``import faqbot`` and
the command's start stay fast.
"""

from __future__ import annotations

from importlib import import_module

# Not typing.TYPE_CHECKING: importing typing here would be the first work of
# the faqbot command, before it can take Ctrl-C quietly (see faqbot.commands.command).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from faqbot.faqfile.faq import FAQ, Entry, FAQError, load_faq, parse_faq
    from faqbot.matching.decision import TARGET_WRONG_RATE, Calibration
    from faqbot.matching.matcher import Lookup, Match, Matcher
    from faqbot.text.smalltalk import small_talk

_HOMES = {
    "FAQ": "faqbot.faqfile.faq",
    "Entry": "faqbot.faqfile.faq",
    "FAQError": "faqbot.faqfile.faq",
    "load_faq": "faqbot.faqfile.faq",
    "parse_faq": "faqbot.faqfile.faq",
    "Lookup": "faqbot.matching.matcher",
    "Match": "faqbot.matching.matcher",
    "Matcher": "faqbot.matching.matcher",
    "Calibration": "faqbot.matching.decision",
    "TARGET_WRONG_RATE": "faqbot.matching.decision",
    "small_talk": "faqbot.text.smalltalk",
}


__version__ = "0.1.0"
"""faqbot's version; the package's metadata reads it from here (pyproject.toml)."""


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'faqbot' has no attribute {name!r}")
    value = getattr(import_module(home), name)
    globals()[name] = value
    return value


__all__ = [
    "FAQ",
    "TARGET_WRONG_RATE",
    "Calibration",
    "Entry",
    "FAQError",
    "Lookup",
    "Match",
    "Matcher",
    "__version__",
    "load_faq",
    "parse_faq",
    "small_talk",
]
