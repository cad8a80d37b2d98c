import sys

from faqbot.commands.command import run

sys.exit(run())
