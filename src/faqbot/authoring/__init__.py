"""Tools for FAQ authors, as library functions that return values: what
would make an FAQ answer badly (:mod:`.advice`), labeled questions and
their measure (:mod:`.labeled`), what the logs teach (:mod:`.lessons`),
what a change costs (:mod:`.change`) and the promise measured on askers
(:mod:`.promise`). The commands print them."""
