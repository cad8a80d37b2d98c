"""How the shells show a calibration: one line of French, or JSON fields.

The calibration itself (:class:`faqbot.matching.decision.Calibration`) is
plain numbers; ``check``, ``eval`` and ``learn`` print it with these.
"""

from __future__ import annotations

from faqbot.matching.decision import Calibration


def describe(calibration: Calibration) -> str:
    """What calibration chose and expects, in one line of French."""
    if calibration.fallback:
        return (
            f"calibrage : aucune entrée n'a de variante dont apprendre ; confiance requise "
            f"{calibration.threshold:.0f} %, celle que donnent les visiteurs d'autres FAQ : "
            "ajoutez des variantes"
        )
    sample = " (sur un échantillon des entrées)" if calibration.sampled else ""
    return (
        f"calibrage{sample} : confiance requise {calibration.threshold:.0f} % (couverture "
        f"{calibration.coverage_cutoff:g}, avance sur la deuxième entrée {calibration.margin:g}) ; "
        f"attendu : {calibration.expected_right:.0f} % de "
        f"bonnes réponses aux questions sur la FAQ, {calibration.expected_wrong:.1f} % de "
        "mauvaises réponses sur toutes les questions"
    )


def as_dict(calibration: Calibration) -> dict[str, object]:
    """What calibration chose and expects, for JSON output."""
    return {
        "threshold": calibration.threshold,
        "coverage_cutoff": calibration.coverage_cutoff,
        "score_cutoff": calibration.coverage_cutoff,  # its former name, for this release
        "margin": calibration.margin,
        "expected_right": calibration.expected_right,
        "expected_wrong": calibration.expected_wrong,
        "weak_entries": list(calibration.weak_entries),
        "sampled": calibration.sampled,
        "fallback": calibration.fallback,
    }
