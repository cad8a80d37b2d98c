"""``faqbot init``: a commented faq.yaml to start from.

>>> from faqbot import parse_faq
>>> [entry.id for entry in parse_faq(STARTER).entries]
['horaires', 'contact', 'livraison']
"""

from __future__ import annotations

import contextlib
import os
from typing import TYPE_CHECKING

from faqbot.support.files import french_reason, new_temporary
from faqbot.support.status import ExitStatus

if TYPE_CHECKING:
    import argparse

    from faqbot.commands.environment import Environment

STARTER = """\
# Une FAQ pour faqbot. Vérifiez-la avec : faqbot check --faq CE_FICHIER
# puis essayez-la avec : faqbot --faq CE_FICHIER
#
# Écrire du YAML sans surprise :
# - indentez avec des espaces, jamais des tabulations ;
# - un texte qui contient « : » (deux-points suivi d'une espace), ou qui
#   commence par « - », « # », « [ » ou « { », se met entre guillemets :
#       answer: "Horaires : de 9 h à 18 h."
# - dans une liste entre crochets, une virgule sépare deux éléments : une
#   phrase qui contient une virgule se met entre guillemets :
#       variants: [Vous ouvrez quand ?, "Le samedi, vous ouvrez ?"]
# - un long texte s'écrit en bloc : « >- » replie les lignes en une seule,
#   « | » garde les retours à la ligne.
#
# faqbot lit le français sans accents, avec des fautes ou en style SMS. Pour
# qu'il comprenne aussi des questions en anglais, donnez à vos entrées des
# variantes en anglais (« When are you open? »), ou des synonymes anglais.

# Facultatif : le titre et la phrase d'accueil de la session.
title: Ma FAQ
welcome: Bonjour ! Posez-moi une question sur nos services.

# Facultatif : ce que faqbot dit quand aucune question ne convient.
fallback: "Pour toute autre question, appelez-nous au 01 23 45 67 89 du lundi au vendredi."

# Facultatif : la part de mauvaises réponses acceptée, en %. Plus elle est
# basse, plus faqbot préfère proposer des questions proches que répondre.
# max_wrong_rate: 2

# Facultatif : des mots que vos lecteurs emploient pour ceux de la FAQ.
synonyms:
  horaires: [heures d'ouverture, ouverture, ouvert, ouverts, ouvrez]
  contacter: [joindre, appeler, écrire]
  livraison: [livrer, livrez, livré]

entries:
  - id: horaires              # unique et stable
    question: Quels sont vos horaires ?
    answer: "Nous sommes ouverts du lundi au vendredi : de 9 h à 18 h."
    variants:                 # d'autres façons de poser la même question
      - Quels sont vos horaires d'ouverture ?
      - À quelle heure ouvrez-vous ?
      - Êtes-vous ouverts le samedi ?
      - Vous êtes ouverts quand ?
      - Quelles sont vos heures d'ouverture le matin ?

  - id: contact
    question: Comment vous contacter ?
    answer: >-
      Par téléphone au 01 23 45 67 89, ou par courriel à
      contact@example.fr : nous répondons sous 48 heures.
    variants:
      - Quel est votre numéro de téléphone ?
      - Comment vous joindre par téléphone ?
      - Avez-vous une adresse e-mail ?
      - Comment contacter le service client ?
      - Quel numéro appeler pour vous joindre ?

  - id: livraison
    question: Livrez-vous à domicile ?
    answer: Oui, dans toute la ville, gratuitement dès 30 euros d'achat.
    variants:
      - Faites-vous la livraison à domicile ?
      - Est-ce que vous livrez chez moi ?
      - Combien coûte la livraison ?
      - La livraison est-elle gratuite ?
      - Quels sont les délais de livraison ?
"""


def run_init(args: argparse.Namespace, env: Environment) -> ExitStatus:
    """``faqbot init``: write :data:`STARTER` to the file named, never over an existing one.

    The text goes to a temporary file beside ``path``, then is linked to
    ``path``: a full disk or a size limit leaves nothing behind, and an
    existing file is never replaced.
    """
    path = args.file
    error = env.error

    folder = os.path.dirname(path) or "."
    if not os.path.isdir(folder):
        return error(f"{path} : le dossier {folder} n'existe pas, rien n'a été écrit")
    if os.path.lexists(path):
        return error(f"{path} existe déjà : choisissez un autre nom, rien n'a été écrit")
    temporary = None
    try:
        descriptor, temporary = new_temporary(folder, prefix=".faqbot-", suffix=".yaml")
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(STARTER)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o644 & ~_umask())
        os.link(temporary, path)
    except FileExistsError:
        return error(f"{path} existe déjà : choisissez un autre nom, rien n'a été écrit")
    except OSError as failure:
        return error(f"{path} : {french_reason(failure)}, rien n'a été écrit")
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
    env.stdout.line(
        f"FAQ de départ écrite dans {path}. Modifiez-la, puis : faqbot check --faq {path}"
    )
    return ExitStatus.OK


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
