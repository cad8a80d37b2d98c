"""The log of what askers did: written by :mod:`.writer`, read by :mod:`.reading`."""
