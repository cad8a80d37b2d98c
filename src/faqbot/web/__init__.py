"""faqbot on a website: the WSGI app (:mod:`.app`), the server of ``faqbot
serve`` (:mod:`.server`), what the log lets in (:mod:`.logguard`), and an
FAQ file followed as it changes (:mod:`.followed`).

``faqbot.web:create_app`` is the application for any WSGI server.
"""

from faqbot.web.app import call, create_app, make_app

__all__ = ["call", "create_app", "make_app"]
