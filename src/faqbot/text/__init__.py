"""Reading French text: words, stems and synonyms (:mod:`.normalize`,
:mod:`.lexicon`), what a question asks (:mod:`.query`), small talk
(:mod:`.smalltalk`); and writing it for people (:mod:`.display`)."""
