import sys

from faqbot.command import run

sys.exit(run())
