"""faqbot: answers French questions about an article's FAQ, or honestly none."""

from faqbot.calibration import TARGET_WRONG_RATE, Calibration
from faqbot.faq import FAQ, Entry, FAQError, load_faq, parse_faq
from faqbot.matcher import Lookup, Match, Matcher


def __getattr__(name: str) -> str:
    # importlib.metadata is slow to import: only pay for it when asked.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("faqbot")
        except PackageNotFoundError:  # a source tree that is not installed
            return "0+unknown"
    raise AttributeError(f"module 'faqbot' has no attribute {name!r}")


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
]
