"""faqbot: answers French questions about an FAQ, or honestly none.

The public names are imported when first used, so that ``import faqbot`` and
the command's start stay fast.
"""

from __future__ import annotations

from importlib import import_module

# Not typing.TYPE_CHECKING: importing typing here would be the first work of
# the faqbot command, before it can take Ctrl-C quietly (see faqbot.command).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from faqbot.decision import TARGET_WRONG_RATE, Calibration
    from faqbot.faq import FAQ, Entry, FAQError, load_faq, parse_faq
    from faqbot.matcher import Lookup, Match, Matcher
    from faqbot.smalltalk import small_talk

_HOMES = {
    "FAQ": "faqbot.faq",
    "Entry": "faqbot.faq",
    "FAQError": "faqbot.faq",
    "load_faq": "faqbot.faq",
    "parse_faq": "faqbot.faq",
    "Lookup": "faqbot.matcher",
    "Match": "faqbot.matcher",
    "Matcher": "faqbot.matcher",
    "Calibration": "faqbot.decision",
    "TARGET_WRONG_RATE": "faqbot.decision",
    "small_talk": "faqbot.smalltalk",
}


def __getattr__(name: str) -> object:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("faqbot")
        except PackageNotFoundError:  # a source tree that is not installed
            return "0+unknown"
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
