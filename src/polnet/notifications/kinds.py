"""The notification kinds the apps write, with who receives them and their params.

A listing, not code that runs: the notifications pages word each kind (in the language of
the reader) and the apps that write them keep to it. Params never hold personal data; the
subject (`subject`, `subject_id`) is opened through its own app, which decides again who
may see it.

Hits (subject "hit", written by `screening.confirmation`). Params of each: `kind` (person,
document, vehicle, firearm, notice), `action` (the `core.actions.HitAction` value, may be
empty), `owner_country` and `screening_country` (ISO alpha-2, empty for the secretariat),
`due_at` (ISO 8601, empty for a hit older than deadlines); the answers add `state`.
"""

from __future__ import annotations

HIT_KINDS: dict[str, str] = {
    "hit_new": "A check hit one of your records (to the owner bureau; the secretariat for its "
    "own notices). Urgent when the action is (arrest, protect).",
    "hit_confirmed": "The owner confirmed the hit (to the screening bureau and the unit that had it).",
    "hit_not_same": "The owner says it is not the same person or object (to the screening "
    "bureau and the unit that had it).",
    "hit_withdrawn": "The screening side withdrew the hit (to the owner, the screening bureau "
    "and the unit that had it).",
    "hit_overdue": "The owner did not answer by the deadline: the hit is escalated (to the "
    "secretariat, the owner bureau, the screening bureau and the unit). Always urgent.",
}
