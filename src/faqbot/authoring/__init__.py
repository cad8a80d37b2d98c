"""Tools for FAQ authors, as library functions that return values: labeled
questions and their measure (:mod:`.labeled`), what the logs teach
(:mod:`.lessons`), what a change costs (:mod:`.change`) and the promise
measured on askers (:mod:`.promise`). The commands print them."""
