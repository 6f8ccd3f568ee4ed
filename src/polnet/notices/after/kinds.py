"""What the notifications written after publication say (polnet.notifications, subject "notice").

The notifications app keeps a registry of wordings that apps fill when ready; these are the
kinds this app writes for addenda, sightings and reservations, to register with the notice
subject (``registry.register_kinds("notice", AFTER_KINDS)``).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

AFTER_KINDS = {
    "notice_addendum_new": _("An addendum to a notice awaits review"),
    "notice_addendum_decided": _("The secretariat decided on your addendum"),
    "notice_addendum": _("Information was added to a notice (version %(version)s)"),
    "notice_sighting": _("The subject of one of your notices was reported seen (%(country)s)"),
    "notice_reservation": _("%(country)s holds a reservation on one of your notices"),
    "notice_reservation_lifted": _("%(country)s lifted its reservation on one of your notices"),
}
