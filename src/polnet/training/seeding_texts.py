"""The texts of the demo's courses: what an officer learns, in the courses' languages.

Kept apart from `seeding_courses.py`, which only says who writes what, for whom.
"""

# Course texts in natural languages: typographic signs and long sentences are meant.
# ruff: noqa: RUF001, E501
from __future__ import annotations

from dataclasses import dataclass

Choice = tuple[str, bool, str]  # text, correct, explanation
Question = tuple[str, bool, list[Choice]]  # text, several answers may be right, choices


@dataclass(frozen=True)
class CourseText:
    language: str
    title: str
    summary: str
    lessons: list[tuple[str, str]]
    quiz_title: str
    quiz_intro: str
    questions: list[Question]


# ---- Rules on the processing of data ----------------------------------------------------------

DATA_EN = CourseText(
    language="en",
    title="Rules on the processing of data",
    summary=(
        "What every user of the network must know before recording or consulting police data: "
        "purpose, data quality, review dates, restrictions and the rights of the people concerned."
    ),
    lessons=[
        (
            "Purpose and lawfulness",
            """# Purpose and lawfulness

Every item of data in the network is recorded **for a stated purpose**: to locate and arrest a
wanted person, to find a missing person, to seize a stolen vehicle or document, to obtain
information for an investigation.

## Purpose limitation

Data recorded for one purpose may only be used for that purpose or for a purpose that is
compatible with it. A record of a missing person is there to find and protect that person:
it is **not** a source for checking their creditworthiness, their immigration status or the
private interest of anyone.

## Lawful and necessary

- The source bureau (the *owner*) records data only where its national law allows it and
  the network's rules permit it.
- Consult the databases only when your work requires it (*need to know*).
- Every search states its purpose and is written to the audit log with your name. The
  data-protection officers read that log.
""",
        ),
        (
            "Data quality and review dates",
            """# Data quality and review dates

The owner bureau is **responsible for the quality** of what it records. Data must be:

- **accurate**: checked against the documents of the case before it is recorded;
- **relevant and not excessive**: only what the purpose needs;
- **up to date**: changed as soon as the facts change.

When a stolen vehicle is recovered, a wanted person is arrested or a missing person is found,
the owner updates or deletes the record **at once**. A record that stays after its purpose is
achieved causes wrongful stops at the border.

## Review dates

Every record carries a review date, **never more than five years ahead**. By that date the
owner must assess whether the record is still needed: it confirms it with its reasons and a
new review date, corrects it, or deletes it. A record whose review date has passed without a
decision is removed by the retention process.
""",
        ),
        (
            "Restrictions and the rights of individuals",
            """# Restrictions and the rights of individuals

## Restrictions set by the owner

An owner may restrict a record to **listed countries**, exclude countries, or keep it within
its own bureau. The network applies these restrictions for you: a record you cannot see is not
shown. Never ask a colleague of another bureau to search on your behalf to get round a
restriction.

## When you get a hit

Follow the **action the owner asked for** (arrest, discreet check, seizure, protection) and
inform your bureau, which confirms the hit with the owner before any irreversible measure.
Data obtained from a record is not passed to a third party (another authority, a private
company, the press) **without the owner's consent**.

## Rights of the people concerned

Anyone may ask what the network holds on them, and ask for correction or deletion. These
requests go to the **independent control body**, which consults the owners. Do not answer
such a request yourself: refer the person to the control body.
""",
        ),
    ],
    quiz_title="Knowledge check",
    quiz_intro="Eight questions are drawn from the bank. You pass with 75 % of right answers.",
    questions=[
        (
            "A record was created to find a missing child. For which use may it be consulted?",
            False,
            [
                ("To locate and protect the child", True, "That is the purpose the record was created for."),
                ("To check the family's immigration status", False, "An incompatible purpose: not allowed."),
                ("To answer a journalist's question", False, "Data is not given to third parties."),
            ],
        ),
        (
            "Who is responsible for the accuracy of a record?",
            False,
            [
                ("The bureau that recorded it (the owner)", True, "The owner answers for its data."),
                ("The bureau that consults it", False, "The consulting bureau reports doubts to the owner."),
                ("The system administrator", False, "The administrator runs the system, not the data."),
            ],
        ),
        (
            "A vehicle recorded as stolen has been recovered. What must the owner do?",
            False,
            [
                ("Update or delete the record at once", True, "Outdated records cause wrongful stops."),
                ("Wait for the review date", False, "The review date is a latest date, not a waiting time."),
                ("Nothing: the record expires by itself", False, "Only the owner keeps its data up to date."),
            ],
        ),
        (
            "How far ahead may a record's review date be set?",
            False,
            [
                ("At most five years", True, "The review date is never more than five years ahead."),
                ("At most ten years", False, "Five years is the limit."),
                ("There is no limit", False, "Every record must be reassessed within five years."),
            ],
        ),
        (
            "When a record reaches its review date, what does the owner do?",
            False,
            [
                (
                    "Decide whether it is still needed: confirm it with reasons, correct it or delete it",
                    True,
                    "The review is an assessment, not a formality.",
                ),
                (
                    "Extend it by another five years without assessing it",
                    False,
                    "An extension needs reasons.",
                ),
                ("Send it to the control body", False, "The owner decides on its own records."),
            ],
        ),
        (
            "Which of these are requirements of data quality?",
            True,
            [
                ("Accurate", True, "Checked against the documents of the case."),
                ("Up to date", True, "Changed as soon as the facts change."),
                ("Relevant and not excessive", True, "Only what the purpose needs."),
                ("As complete as possible, whatever the purpose", False, "Excessive data is not allowed."),
            ],
        ),
        (
            "A record is restricted to listed countries and yours is not listed. What do you do?",
            False,
            [
                ("Nothing: you are not meant to see it", True, "The owner's restriction applies to you."),
                (
                    "Ask a colleague of a listed country to search for you",
                    False,
                    "That gets round a restriction: a serious breach.",
                ),
                ("Ask the system administrator to lift it", False, "Only the owner sets restrictions."),
            ],
        ),
        (
            "Your check gives a hit on a person; the owner asks for a discreet check. What do you do?",
            False,
            [
                (
                    "Carry out the discreet check, without alerting the person, and inform your bureau",
                    True,
                    "Follow the action the owner asked for.",
                ),
                ("Arrest the person to be safe", False, "The owner did not ask for an arrest."),
                ("Tell the person about the record", False, "That would defeat a discreet check."),
            ],
        ),
        (
            "Another ministry of your country asks for the data of a foreign bureau's record. What applies?",
            False,
            [
                ("It needs the owner's consent", True, "Data is not passed on without the owner's consent."),
                ("You may send it: it is a public authority", False, "Every third party needs consent."),
                ("You may send a summary without asking", False, "A summary is still the owner's data."),
            ],
        ),
        (
            "A person asks you what the network holds on them. What do you do?",
            False,
            [
                (
                    "Refer them to the independent control body",
                    True,
                    "The control body handles such requests.",
                ),
                ("Search and tell them what you find", False, "You would disclose other bureaus' data."),
                ("Refuse and say nothing more", False, "The person has a right to ask: tell them where."),
            ],
        ),
        (
            "Why does every search state its purpose?",
            False,
            [
                (
                    "So that each access can be checked as lawful and necessary",
                    True,
                    "The audit log keeps who searched, for what, and when.",
                ),
                ("To rank the results", False, "The purpose does not change the ranking."),
                ("To speed up the search", False, "It has no effect on speed."),
            ],
        ),
        (
            "Which of these are personal data?",
            True,
            [
                ("A name with a date of birth", True, "They identify a person."),
                ("A passport number", True, "It identifies its holder."),
                (
                    "A registration plate recorded with the owner's name",
                    True,
                    "Linked to an identified person.",
                ),
                ("The number of vehicles reported stolen last year", False, "A statistic names no one."),
            ],
        ),
    ],
)

DATA_FR = CourseText(
    language="fr",
    title="Règles sur le traitement des données",
    summary=(
        "Ce que tout utilisateur du réseau doit savoir avant d'enregistrer ou de consulter des données "
        "policières : finalité, qualité des données, dates de réexamen, restrictions et droits des "
        "personnes concernées."
    ),
    lessons=[
        (
            "Finalité et licéité",
            """# Finalité et licéité

Chaque donnée du réseau est enregistrée **pour une finalité déclarée** : localiser et arrêter
une personne recherchée, retrouver une personne disparue, saisir un véhicule ou un document
volé, obtenir des informations pour une enquête.

## Limitation de la finalité

Une donnée enregistrée pour une finalité ne peut servir qu'à cette finalité ou à une finalité
compatible. La fiche d'une personne disparue sert à la retrouver et à la protéger : elle
**n'est pas** une source pour vérifier sa solvabilité, son statut migratoire ou l'intérêt privé
de quiconque.

## Licite et nécessaire

- Le bureau source (le *propriétaire*) n'enregistre que ce que son droit national et les règles
  du réseau permettent.
- Ne consultez les bases que lorsque votre travail l'exige (*besoin d'en connaître*).
- Chaque recherche indique sa finalité et est inscrite au journal d'audit avec votre nom. Les
  délégués à la protection des données lisent ce journal.
""",
        ),
        (
            "Qualité des données et dates de réexamen",
            """# Qualité des données et dates de réexamen

Le bureau propriétaire est **responsable de la qualité** de ce qu'il enregistre. Les données doivent être :

- **exactes** : vérifiées sur les pièces du dossier avant l'enregistrement ;
- **pertinentes et non excessives** : seulement ce que la finalité exige ;
- **à jour** : modifiées dès que les faits changent.

Lorsqu'un véhicule volé est retrouvé, qu'une personne recherchée est arrêtée ou qu'une personne
disparue est retrouvée, le propriétaire met à jour ou supprime la fiche **sans délai**. Une fiche
qui subsiste après que sa finalité est atteinte provoque des interpellations injustifiées à la frontière.

## Dates de réexamen

Chaque fiche porte une date de réexamen, **jamais plus de cinq ans à l'avance**. À cette date, le
propriétaire doit apprécier si la fiche est encore nécessaire : il la confirme en motivant sa
décision et en fixant une nouvelle date, la corrige ou la supprime. Une fiche dont la date de
réexamen est passée sans décision est supprimée par le processus de conservation.
""",
        ),
        (
            "Restrictions et droits des personnes",
            """# Restrictions et droits des personnes

## Restrictions fixées par le propriétaire

Un propriétaire peut réserver une fiche à des **pays désignés**, exclure des pays ou la garder
au sein de son bureau. Le réseau applique ces restrictions pour vous : une fiche que vous ne
pouvez pas voir n'est pas affichée. Ne demandez jamais à un collègue d'un autre bureau de
chercher à votre place pour contourner une restriction.

## En cas de réponse positive

Appliquez **la mesure demandée par le propriétaire** (arrestation, contrôle discret, saisie,
protection) et informez votre bureau, qui confirme la réponse auprès du propriétaire avant
toute mesure irréversible. Les données d'une fiche ne sont pas communiquées à un tiers (autre
autorité, entreprise privée, presse) **sans le consentement du propriétaire**.

## Droits des personnes concernées

Toute personne peut demander ce que le réseau détient sur elle, et en demander la rectification
ou l'effacement. Ces demandes sont adressées à **l'organe de contrôle indépendant**, qui consulte
les propriétaires. Ne répondez pas vous-même : orientez la personne vers l'organe de contrôle.
""",
        ),
    ],
    quiz_title="Contrôle des connaissances",
    quiz_intro="Huit questions sont tirées de la banque. Vous réussissez avec 75 % de bonnes réponses.",
    questions=[
        (
            "Une fiche a été créée pour retrouver un enfant disparu. Pour quel usage peut-elle être consultée ?",
            False,
            [
                (
                    "Pour localiser et protéger l'enfant",
                    True,
                    "C'est la finalité pour laquelle la fiche a été créée.",
                ),
                (
                    "Pour vérifier le statut migratoire de la famille",
                    False,
                    "Finalité incompatible : interdit.",
                ),
                (
                    "Pour répondre à un journaliste",
                    False,
                    "Les données ne sont pas communiquées à des tiers.",
                ),
            ],
        ),
        (
            "Qui est responsable de l'exactitude d'une fiche ?",
            False,
            [
                (
                    "Le bureau qui l'a enregistrée (le propriétaire)",
                    True,
                    "Le propriétaire répond de ses données.",
                ),
                (
                    "Le bureau qui la consulte",
                    False,
                    "Le bureau consultant signale ses doutes au propriétaire.",
                ),
                ("L'administrateur du système", False, "L'administrateur gère le système, pas les données."),
            ],
        ),
        (
            "Un véhicule signalé volé a été retrouvé. Que doit faire le propriétaire ?",
            False,
            [
                (
                    "Mettre à jour ou supprimer la fiche sans délai",
                    True,
                    "Une fiche périmée provoque des interpellations injustifiées.",
                ),
                (
                    "Attendre la date de réexamen",
                    False,
                    "La date de réexamen est une limite, pas un délai d'attente.",
                ),
                (
                    "Rien : la fiche expire d'elle-même",
                    False,
                    "Seul le propriétaire tient ses données à jour.",
                ),
            ],
        ),
        (
            "Jusqu'à quelle échéance peut-on fixer la date de réexamen d'une fiche ?",
            False,
            [
                ("Cinq ans au plus", True, "La date de réexamen n'est jamais à plus de cinq ans."),
                ("Dix ans au plus", False, "La limite est de cinq ans."),
                ("Il n'y a pas de limite", False, "Toute fiche doit être réexaminée dans les cinq ans."),
            ],
        ),
        (
            "Lorsqu'une fiche atteint sa date de réexamen, que fait le propriétaire ?",
            False,
            [
                (
                    "Il apprécie si elle est encore nécessaire : il la confirme en motivant, la corrige ou la supprime",
                    True,
                    "Le réexamen est une appréciation, pas une formalité.",
                ),
                ("Il la prolonge de cinq ans sans l'examiner", False, "Une prolongation doit être motivée."),
                (
                    "Il l'envoie à l'organe de contrôle",
                    False,
                    "Le propriétaire décide de ses propres fiches.",
                ),
            ],
        ),
        (
            "Parmi ces exigences, lesquelles relèvent de la qualité des données ?",
            True,
            [
                ("Exactes", True, "Vérifiées sur les pièces du dossier."),
                ("À jour", True, "Modifiées dès que les faits changent."),
                ("Pertinentes et non excessives", True, "Seulement ce que la finalité exige."),
                (
                    "Aussi complètes que possible, quelle que soit la finalité",
                    False,
                    "Les données excessives sont interdites.",
                ),
            ],
        ),
        (
            "Une fiche est réservée à des pays désignés et le vôtre n'en fait pas partie. Que faites-vous ?",
            False,
            [
                (
                    "Rien : elle ne vous est pas destinée",
                    True,
                    "La restriction du propriétaire s'applique à vous.",
                ),
                (
                    "Demander à un collègue d'un pays désigné de chercher pour vous",
                    False,
                    "C'est contourner une restriction : un manquement grave.",
                ),
                (
                    "Demander à l'administrateur de la lever",
                    False,
                    "Seul le propriétaire fixe les restrictions.",
                ),
            ],
        ),
        (
            "Votre contrôle donne une réponse positive ; le propriétaire demande un contrôle discret. Que faites-vous ?",
            False,
            [
                (
                    "Effectuer le contrôle discret, sans alerter la personne, et informer votre bureau",
                    True,
                    "Appliquez la mesure demandée par le propriétaire.",
                ),
                (
                    "Arrêter la personne par précaution",
                    False,
                    "Le propriétaire n'a pas demandé d'arrestation.",
                ),
                ("Informer la personne de la fiche", False, "Ce serait ruiner le contrôle discret."),
            ],
        ),
        (
            "Un autre ministère de votre pays demande les données d'une fiche d'un bureau étranger. Qu'est-ce qui s'applique ?",
            False,
            [
                (
                    "Il faut le consentement du propriétaire",
                    True,
                    "Aucune communication sans le consentement du propriétaire.",
                ),
                (
                    "Vous pouvez l'envoyer : c'est une autorité publique",
                    False,
                    "Tout tiers requiert le consentement.",
                ),
                (
                    "Vous pouvez envoyer un résumé sans demander",
                    False,
                    "Un résumé reste la donnée du propriétaire.",
                ),
            ],
        ),
        (
            "Une personne vous demande ce que le réseau détient sur elle. Que faites-vous ?",
            False,
            [
                (
                    "L'orienter vers l'organe de contrôle indépendant",
                    True,
                    "L'organe de contrôle traite ces demandes.",
                ),
                (
                    "Chercher et lui dire ce que vous trouvez",
                    False,
                    "Vous divulgueriez les données d'autres bureaux.",
                ),
                (
                    "Refuser sans autre explication",
                    False,
                    "La personne a le droit de demander : indiquez-lui où.",
                ),
            ],
        ),
        (
            "Pourquoi chaque recherche indique-t-elle sa finalité ?",
            False,
            [
                (
                    "Pour que chaque accès puisse être vérifié comme licite et nécessaire",
                    True,
                    "Le journal d'audit garde qui a cherché, pourquoi et quand.",
                ),
                ("Pour classer les résultats", False, "La finalité ne change pas le classement."),
                ("Pour accélérer la recherche", False, "Elle n'a aucun effet sur la vitesse."),
            ],
        ),
        (
            "Parmi ces éléments, lesquels sont des données personnelles ?",
            True,
            [
                ("Un nom avec une date de naissance", True, "Ils identifient une personne."),
                ("Un numéro de passeport", True, "Il identifie son titulaire."),
                (
                    "Une plaque d'immatriculation enregistrée avec le nom du propriétaire",
                    True,
                    "Liée à une personne identifiée.",
                ),
                (
                    "Le nombre de véhicules déclarés volés l'an dernier",
                    False,
                    "Une statistique ne désigne personne.",
                ),
            ],
        ),
    ],
)

# ---- Examining security documents -------------------------------------------------------------

DOCUMENTS_EN = CourseText(
    language="en",
    title="Examining security documents",
    summary=(
        "First-line examination of passports and identity cards: substrate and printing, optically "
        "variable features, ultraviolet light and the check digits of the machine-readable zone. "
        "Online lessons, then a practical workshop with genuine and counterfeit specimens."
    ),
    lessons=[
        (
            "Substrate and printing",
            """# Substrate and printing

Examine a document **with your eyes, your fingers and a magnifier** before any machine.

- **Security paper** contains no optical brighteners: under ultraviolet light it stays dull.
  It may carry a watermark (seen against the light) and security fibres or a thread.
- **Intaglio printing** leaves raised ink you can feel with a fingertip, with sharp line edges.
  A flat print where intaglio is expected points to a counterfeit.
- **Offset background printing** uses fine guilloche patterns and *rainbow* colour shifts with
  no visible dots. A screen of dots under the magnifier betrays an inkjet or laser copy.
- **Microprinting** looks like a line but reads as text under the magnifier; on copies it is
  blurred or broken.
""",
        ),
        (
            "Optically variable features and ultraviolet light",
            """# Optically variable features and ultraviolet light

## Tilt the document

- **Optically variable ink (OVI)** changes colour with the viewing angle (for example from
  green to blue). A colour that never changes is suspicious.
- **Diffractive features** (holograms, kinegrams) show images that move or switch as you tilt
  them. A printed imitation looks flat and shows the same image at every angle.

## Under ultraviolet light (UV-A, 365 nm)

- The paper stays **dull**; a bright bluish glow of the whole page points to ordinary paper.
- Fluorescent **fibres** and **printed UV patterns** appear where the issuer placed them.
- Compare with a reference specimen of the same series: the position and colours matter.
""",
        ),
        (
            "The machine-readable zone and its check digits",
            """# The machine-readable zone and its check digits

A passport (format TD3) has two lines of 44 characters. The second line holds the document
number, nationality, date of birth, sex, date of expiry and optional data, each protected by a
**check digit**, and a final composite check digit.

## Computing a check digit

1. Give each character a value: digits their own value, letters **A = 10 … Z = 35**, the filler
   `<` = 0.
2. Multiply the values by the weights **7, 3, 1**, repeated.
3. Add the products; the check digit is the sum **modulo 10**.

The ICAO specimen's document number `L898902C3`: 21×7 + 8×3 + 9×1 + 8×7 + 9×3 + 0×1 + 2×7 +
12×3 + 3×1 = 316, so the check digit is **6**.

A wrong check digit is a strong sign of alteration. A right one proves nothing: counterfeiters
compute them too. Always compare the MRZ with the visual zone.
""",
        ),
    ],
    quiz_title="Knowledge check",
    quiz_intro="Four questions are drawn from the bank. You pass with 75 % of right answers.",
    questions=[
        (
            "How do you recognise intaglio printing?",
            False,
            [
                (
                    "Raised ink you can feel, with sharp line edges",
                    True,
                    "Intaglio leaves relief on the paper.",
                ),
                ("A colour change when the document is tilted", False, "That is optically variable ink."),
                ("A glow under ultraviolet light", False, "That describes UV features."),
            ],
        ),
        (
            "Under UV-A light the whole data page glows bright blue. What does that suggest?",
            False,
            [
                (
                    "Ordinary paper with optical brighteners: a possible counterfeit",
                    True,
                    "Security paper stays dull.",
                ),
                ("A genuine document", False, "Genuine security paper does not glow as a whole."),
                ("A damaged hologram", False, "The hologram is not the cause."),
            ],
        ),
        (
            "Which are optically variable features?",
            True,
            [
                ("Optically variable ink (OVI)", True, "Its colour changes with the angle."),
                ("A hologram or kinegram", True, "Its image changes as you tilt it."),
                ("Microprinting", False, "Microprinting does not change with the angle."),
            ],
        ),
        (
            "What are the weights used to compute an MRZ check digit?",
            False,
            [
                ("7, 3, 1, repeated", True, "The sum of the weighted values, modulo 10."),
                ("1, 2, 1, repeated", False, "That is the Luhn scheme of payment cards."),
                ("8, 7, 6, 5, 4, 3, 2, 10", False, "Those are VIN weights."),
            ],
        ),
        (
            "What value does the letter C have in an MRZ check-digit calculation?",
            False,
            [
                ("12", True, "A = 10, B = 11, C = 12."),
                ("3", False, "Letters count from 10."),
                ("0", False, "Only the filler < counts 0."),
            ],
        ),
        (
            "All the MRZ check digits of a passport are correct. What can you conclude?",
            False,
            [
                (
                    "Nothing about authenticity: compare the MRZ with the visual zone and examine the features",
                    True,
                    "Counterfeiters compute check digits too.",
                ),
                ("The passport is genuine", False, "Check digits only detect errors and crude alterations."),
                ("The holder is not wanted", False, "Only a database check can say that."),
            ],
        ),
    ],
)

DOCUMENTS_ES = CourseText(
    language="es",
    title="Examen de documentos de seguridad",
    summary=(
        "Examen de primera línea de pasaportes y documentos de identidad: soporte e impresión, "
        "elementos ópticamente variables, luz ultravioleta y dígitos de control de la zona de "
        "lectura mecánica. Lecciones en línea y después un taller práctico con especímenes "
        "auténticos y falsificados."
    ),
    lessons=[
        (
            "Soporte e impresión",
            """# Soporte e impresión

Examine el documento **con la vista, el tacto y una lupa** antes de usar cualquier máquina.

- El **papel de seguridad** no contiene blanqueadores ópticos: bajo luz ultravioleta permanece
  apagado. Puede llevar marca de agua (visible al trasluz) y fibras o hilo de seguridad.
- La **impresión calcográfica (intaglio)** deja tinta en relieve que se nota con la yema del
  dedo y bordes de línea nítidos. Una impresión plana donde se espera intaglio indica falsificación.
- La **impresión offset de fondo** usa guilloches finos e *iris* de color sin puntos visibles.
  Una trama de puntos bajo la lupa delata una copia de inyección de tinta o láser.
- La **microimpresión** parece una línea pero con lupa se lee como texto; en las copias aparece
  borrosa o cortada.
""",
        ),
        (
            "Elementos ópticamente variables y luz ultravioleta",
            """# Elementos ópticamente variables y luz ultravioleta

## Incline el documento

- La **tinta ópticamente variable (OVI)** cambia de color según el ángulo (por ejemplo, de
  verde a azul). Un color que nunca cambia es sospechoso.
- Los **elementos difractivos** (hologramas, kinegramas) muestran imágenes que se mueven o
  cambian al inclinarlos. Una imitación impresa se ve plana y muestra la misma imagen en todos
  los ángulos.

## Bajo luz ultravioleta (UV-A, 365 nm)

- El papel permanece **apagado**; un brillo azulado intenso de toda la página indica papel común.
- Las **fibras** fluorescentes y los **motivos impresos UV** aparecen donde el emisor los colocó.
- Compare con un espécimen de referencia de la misma serie: la posición y los colores importan.
""",
        ),
        (
            "La zona de lectura mecánica y sus dígitos de control",
            """# La zona de lectura mecánica y sus dígitos de control

Un pasaporte (formato TD3) tiene dos líneas de 44 caracteres. La segunda línea contiene el número
de documento, la nacionalidad, la fecha de nacimiento, el sexo, la fecha de caducidad y datos
opcionales, cada uno protegido por un **dígito de control**, y un dígito de control compuesto final.

## Cálculo de un dígito de control

1. Asigne un valor a cada carácter: las cifras su propio valor, las letras **A = 10 … Z = 35**,
   el relleno `<` = 0.
2. Multiplique los valores por los pesos **7, 3, 1**, repetidos.
3. Sume los productos; el dígito de control es la suma **módulo 10**.

Número de documento del espécimen de la OACI `L898902C3`: 21×7 + 8×3 + 9×1 + 8×7 + 9×3 + 0×1 +
2×7 + 12×3 + 3×1 = 316, por tanto el dígito de control es **6**.

Un dígito de control erróneo es un fuerte indicio de alteración. Uno correcto no prueba nada:
los falsificadores también los calculan. Compare siempre la zona de lectura mecánica con la zona visual.
""",
        ),
    ],
    quiz_title="Control de conocimientos",
    quiz_intro="Se extraen cuatro preguntas del banco. Aprueba con un 75 % de respuestas correctas.",
    questions=[
        (
            "¿Cómo se reconoce la impresión calcográfica (intaglio)?",
            False,
            [
                (
                    "Tinta en relieve que se nota al tacto, con bordes nítidos",
                    True,
                    "El intaglio deja relieve en el papel.",
                ),
                (
                    "Un cambio de color al inclinar el documento",
                    False,
                    "Eso es la tinta ópticamente variable.",
                ),
                ("Un brillo bajo luz ultravioleta", False, "Eso describe los elementos UV."),
            ],
        ),
        (
            "Bajo luz UV-A toda la página de datos brilla en azul intenso. ¿Qué sugiere?",
            False,
            [
                (
                    "Papel común con blanqueadores ópticos: posible falsificación",
                    True,
                    "El papel de seguridad permanece apagado.",
                ),
                (
                    "Un documento auténtico",
                    False,
                    "El papel de seguridad auténtico no brilla en su totalidad.",
                ),
                ("Un holograma dañado", False, "El holograma no es la causa."),
            ],
        ),
        (
            "¿Cuáles son elementos ópticamente variables?",
            True,
            [
                ("La tinta ópticamente variable (OVI)", True, "Su color cambia con el ángulo."),
                ("Un holograma o kinegrama", True, "Su imagen cambia al inclinarlo."),
                ("La microimpresión", False, "La microimpresión no cambia con el ángulo."),
            ],
        ),
        (
            "¿Qué pesos se usan para calcular un dígito de control de la zona de lectura mecánica?",
            False,
            [
                ("7, 3, 1, repetidos", True, "La suma de los valores ponderados, módulo 10."),
                ("1, 2, 1, repetidos", False, "Ese es el esquema de Luhn de las tarjetas de pago."),
                ("8, 7, 6, 5, 4, 3, 2, 10", False, "Esos son los pesos del VIN."),
            ],
        ),
        (
            "¿Qué valor tiene la letra C en el cálculo de un dígito de control?",
            False,
            [
                ("12", True, "A = 10, B = 11, C = 12."),
                ("3", False, "Las letras cuentan a partir de 10."),
                ("0", False, "Solo el relleno < vale 0."),
            ],
        ),
        (
            "Todos los dígitos de control de un pasaporte son correctos. ¿Qué puede concluir?",
            False,
            [
                (
                    "Nada sobre su autenticidad: compare la zona mecánica con la zona visual y examine los elementos",
                    True,
                    "Los falsificadores también calculan los dígitos de control.",
                ),
                (
                    "El pasaporte es auténtico",
                    False,
                    "Los dígitos de control solo detectan errores y alteraciones burdas.",
                ),
                ("El titular no está buscado", False, "Solo una consulta a la base de datos puede decirlo."),
            ],
        ),
    ],
)

# ---- Stolen motor vehicle checks at the border ------------------------------------------------

VEHICLES_EN = CourseText(
    language="en",
    title="Stolen motor vehicle checks at the border",
    summary="Reading and checking a vehicle identification number (VIN), and what to do on a hit.",
    lessons=[
        (
            "Reading a VIN",
            """# Reading a VIN

A vehicle identification number (ISO 3779) has **17 characters**. The letters **I, O and Q are
never used**, so that they cannot be read as 1 and 0.

| positions | part | meaning |
| --- | --- | --- |
| 1–3 | WMI | world manufacturer identifier |
| 4–9 | VDS | vehicle descriptor (model, body, engine); position 9 is the check digit in North America |
| 10–17 | VIS | vehicle identifier: model year (10), plant (11), serial number |

## Where to look

The VIN is stamped on the chassis or bulkhead, on a plate at the base of the windscreen and on a
label in the door pillar, and written in the registration document. **Compare every location.**
Signs of tampering: characters of a different font or alignment, grinding or welding marks,
non-original rivets on the plate, a label that has been lifted.
""",
        ),
        (
            "The check digit",
            """# The check digit

Position 9 of a VIN built for the North American market is a check digit:

1. Letters are transliterated: A–H = 1–8, J–N = 1–5, P = 7, R = 9, S–Z = 2–9; digits keep their value.
2. The values are multiplied by the weights **8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2**.
3. The sum is taken **modulo 11**; a remainder of 10 is written **X**.

Example: `1M8GDM9AXKP042788` gives a sum of 351; 351 mod 11 = 10, so the check digit is X: correct.

Many manufacturers outside North America do not use the check digit. A "wrong" check digit on a
European VIN is **not** proof of fraud; on a North American VIN it is a strong alert.
""",
        ),
        (
            "A hit at the border",
            """# A hit at the border

1. Check the VIN read **on the vehicle** (not only the one in the papers) against the stolen
   vehicles database.
2. On a hit, do not alert the driver before you are ready; follow the **action the owner asked
   for**.
3. Ask your bureau to **confirm the hit** with the owner bureau before seizing the vehicle: a
   vehicle may have been recovered and the record not yet deleted.
4. Record the check and its outcome.
""",
        ),
    ],
    quiz_title="Knowledge check",
    quiz_intro="Three questions are drawn from the bank.",
    questions=[
        (
            "Which letters never appear in a VIN?",
            False,
            [
                ("I, O and Q", True, "They could be read as 1 and 0."),
                ("A, E and U", False, "Vowels other than I and O are allowed."),
                ("X, Y and Z", False, "X even appears as a check digit."),
            ],
        ),
        (
            "The check digit of a VIN built for a European market does not match. What do you conclude?",
            False,
            [
                (
                    "Nothing by itself: many manufacturers outside North America do not use it",
                    True,
                    "Check the other locations and signs of tampering.",
                ),
                ("The vehicle is stolen", False, "A check digit is not a database check."),
                ("The VIN is forged", False, "Not proof outside North America."),
            ],
        ),
        (
            "A check-digit remainder of 10 is written as…",
            False,
            [
                ("X", True, "Modulo 11 gives 0 to 10; 10 is written X."),
                ("0", False, "0 is a remainder of 0."),
                ("1", False, "1 is a remainder of 1."),
            ],
        ),
        (
            "Your check gives a hit on a vehicle. What comes before seizing it?",
            False,
            [
                (
                    "Your bureau confirms the hit with the owner bureau",
                    True,
                    "The vehicle may already have been recovered.",
                ),
                ("Nothing: seize it at once", False, "An unconfirmed hit may be outdated."),
                ("Ask the driver whether it is stolen", False, "Do not alert the driver."),
            ],
        ),
    ],
)

# ---- Firearms tracing basics ------------------------------------------------------------------

FIREARMS_EN = CourseText(
    language="en",
    title="Firearms tracing basics",
    summary="Recording a firearm's markings and asking for its trace, from the manufacturer to the last lawful owner.",
    lessons=[
        (
            "Markings",
            """# Markings

Under the UN **International Tracing Instrument** (2005), a firearm is marked at manufacture with
the **manufacturer's name**, the **country of manufacture** and a **serial number**, and on import
with the **country of import** and, where possible, the year.

- The main marking is on the **frame or receiver**; other parts (barrel, slide) often repeat
  the serial number.
- Record make, model, calibre and serial number **exactly as marked**, prefixes and letters
  included, and photograph every marking.
- An obliterated serial number can often be recovered by a forensic laboratory: send the weapon,
  do not try yourself.
""",
        ),
        (
            "The tracing request",
            """# The tracing request

Tracing follows a firearm's history **from the manufacturer or importer along the lines of
supply** to its last lawful owner, to find where it left the legal market.

1. First check the firearms database: is it recorded as lost or stolen?
2. Send the request through your national focal point or bureau to the country of manufacture
   or import, with the description, all markings, photographs and the circumstances of the seizure.
3. The answer names the last lawful owner: the point of diversion for your investigation.
""",
        ),
    ],
    quiz_title="Knowledge check",
    quiz_intro="Three questions are drawn from the bank.",
    questions=[
        (
            "Which markings does the International Tracing Instrument require at manufacture?",
            True,
            [
                ("The manufacturer's name", True, "It identifies who made it."),
                ("The country of manufacture", True, "It says where to send the trace."),
                ("A serial number", True, "It identifies the individual firearm."),
                ("The owner's name", False, "Owners are recorded in registers, not on the weapon."),
            ],
        ),
        (
            "Where is a firearm's main marking?",
            False,
            [
                ("On the frame or receiver", True, "The part that legally is the firearm."),
                ("On the magazine", False, "Magazines are interchangeable."),
                ("On the grip panels", False, "Grip panels are easily replaced."),
            ],
        ),
        (
            "The serial number has been filed off. What do you do?",
            False,
            [
                ("Send the firearm to a forensic laboratory", True, "It can often be recovered by etching."),
                ("Try to read it with acid yourself", False, "You could destroy the evidence."),
                ("Give up tracing", False, "Recovery is often possible."),
            ],
        ),
        (
            "What is the first step before a tracing request?",
            False,
            [
                (
                    "Check whether the firearm is recorded as lost or stolen",
                    True,
                    "The answer may already be known.",
                ),
                ("Contact the manufacturer directly", False, "Requests go through the national focal point."),
                ("Publish the serial number", False, "That could warn the suspects."),
            ],
        ),
    ],
)
