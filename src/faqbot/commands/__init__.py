"""The ``faqbot`` command: its registry and parsers (:mod:`.cli`), and one
module per command, which prints in French what the library returns."""

FAQ_ENV = "FAQBOT_FAQ"
"""The environment variable naming the FAQ file to use when none is given."""
