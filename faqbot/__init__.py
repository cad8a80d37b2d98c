"""faqbot: answers French questions about an article's FAQ, or honestly none."""

from importlib.metadata import PackageNotFoundError, version

from faqbot.faq import FAQ, Entry, FAQError, load_faq, parse_faq
from faqbot.matcher import DEFAULT_SCORE_CUTOFF, Match, Matcher

try:
    __version__ = version("faqbot")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

__all__ = [
    "DEFAULT_SCORE_CUTOFF",
    "FAQ",
    "Entry",
    "FAQError",
    "Match",
    "Matcher",
    "__version__",
    "load_faq",
    "parse_faq",
]
