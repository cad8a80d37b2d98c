"""From a question to ranked entries and a decision.

The pipeline: features of each phrasing (:mod:`.features`), the index
(:mod:`.index`), coverage and closeness (:mod:`.coverage`,
:mod:`.scoring`), learned term weights (:mod:`.weights`), the
confidence (:mod:`.confidence`), the FAQ's calibration
(:mod:`.calibration`), the decision (:mod:`.decision`), and the
:class:`~faqbot.matching.matcher.Matcher` that runs it, with its cache
(:mod:`.cache`, :mod:`.restore`) and off-topic questions (:mod:`.off_topic`).
"""
