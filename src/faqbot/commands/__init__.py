"""The ``faqbot`` command: its registry and parsers (:mod:`.cli`), and one
module per command, which prints in French what the library returns."""
