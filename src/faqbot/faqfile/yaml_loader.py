"""The one YAML loader faqbot reads with: PyYAML's safe loader, in C when
PyYAML was built with libyaml. Loading the FAQ (:mod:`faqbot.faqfile.faq`) and
placing findings on their lines (:mod:`faqbot.faqfile.locator`) both parse with it."""

from __future__ import annotations

import yaml

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
