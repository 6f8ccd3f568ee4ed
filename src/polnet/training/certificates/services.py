"""Certificates: the holder's list, the PDF, revocation, renewal, and public verification.

Verification answers from the code alone and says nothing more than the certificate states:
genuine or not, whose, of which course, issued and valid until when, and whether it is still
in force. Who may read or revoke a certificate is `training/policy.py`'s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polnet.core import audit
from polnet.core.actor import Actor
from polnet.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from polnet.training import policy
from polnet.training.certificates import pdf
from polnet.training.certificates.gate import valid_certificates_q
from polnet.training.certificates.models import Certificate

RENEWAL_WINDOW = timedelta(days=60)
_NOT_CODE = re.compile(r"[^A-Z0-9]")


class CertificateState:
    VALID = "valid"
    EXPIRED = "expired"
    REVOKED = "revoked"


def state_of(cert: Certificate, today: date | None = None) -> str:
    if cert.revoked_at is not None:
        return CertificateState.REVOKED
    if cert.valid_until is not None and cert.valid_until < (today or timezone.localdate()):
        return CertificateState.EXPIRED
    return CertificateState.VALID


def my_certificates(actor: Actor) -> QuerySet[Certificate]:
    return Certificate.objects.filter(user_id=actor.user_id or 0).select_related("course")


def readable(actor: Actor) -> QuerySet[Certificate]:
    return Certificate.objects.filter(policy.certificates_q(actor))


def get_certificate(actor: Actor, pk: int) -> Certificate:
    cert = (
        readable(actor).select_related("course__owner_bureau", "course__owner_partner").filter(pk=pk).first()
    )
    if cert is None:
        raise NotFound(_("No such certificate."), code="certificate_not_found")
    return cert


def download(actor: Actor, pk: int, base_url: str) -> tuple[str, bytes]:
    """The certificate's PDF and a file name, for the holder, their staff manager, the secretariat."""
    cert = get_certificate(actor, pk)
    audit.log(actor, audit.Action.EXPORT, "certificate", cert.pk, detail={"format": "pdf"})
    return f"certificate-{cert.code}.pdf", pdf.render(cert, base_url)


@transaction.atomic
def revoke(actor: Actor, pk: int, reason: str) -> Certificate:
    """Withdraw a certificate (issued in error, obtained by fraud): verification says so at once."""
    reason = (reason or "").strip()
    cert = Certificate.objects.select_for_update().filter(pk=pk).select_related("course").first()
    if cert is None:
        raise NotFound(_("No such certificate."), code="certificate_not_found")
    if not policy.may_revoke_certificate(actor, cert.course):
        if not readable(actor).filter(pk=pk).exists():  # hidden: as if it did not exist
            raise NotFound(_("No such certificate."), code="certificate_not_found")
        raise Forbidden(
            _("Only the party that issued a certificate may revoke it."), code="certificate_revoke_forbidden"
        )
    if not reason:
        raise InvalidInput(_("Give the reason for revoking."), code="revoke_reason_required", field="reason")
    if len(reason) > 300:
        raise InvalidInput(
            _("The reason is too long (300 characters at most)."), code="revoke_reason_long", field="reason"
        )
    if cert.revoked_at is not None:
        raise Conflict(_("This certificate is already revoked."), code="certificate_already_revoked")
    cert.revoked_at = timezone.now()
    cert.revoked_reason = reason
    cert.save(update_fields=["revoked_at", "revoked_reason"])
    audit.log(
        actor, audit.Action.REVOKE, "certificate", cert.pk, detail={"reason": reason, "user": cert.user_id}
    )
    return cert


# ---- verification -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Verification:
    """What the public verification page may say, and nothing more."""

    genuine: bool
    holder_name: str = ""
    course_title: str = ""
    issued: date | None = None
    valid_until: date | None = None
    state: str = ""


def normalise_code(typed: str) -> str:
    """The stored form ``PN-XXXX-XXXX-XXXX`` of a code typed in any case, with or without
    spaces or dashes, with or without the ``PN`` prefix; "" if it cannot be one."""
    letters = _NOT_CODE.sub("", (typed or "").upper()[:64])
    if len(letters) == 12:
        letters = "PN" + letters
    if len(letters) != 14 or not letters.startswith("PN"):
        return ""
    body = letters[2:]
    return f"PN-{body[:4]}-{body[4:8]}-{body[8:]}"


def verify(typed: str) -> Verification:
    code = normalise_code(typed)
    cert = Certificate.objects.filter(code=code).first() if code else None
    if cert is None:
        return Verification(genuine=False)
    return Verification(
        genuine=True,
        holder_name=cert.holder_name,
        course_title=cert.course_title,
        issued=timezone.localdate(cert.issued_at),
        valid_until=cert.valid_until,
        state=state_of(cert),
    )


# ---- renewal ----------------------------------------------------------------------------------


def _not_renewed(today: date) -> QuerySet[Certificate]:
    """Certificates that expire within the renewal window or have expired, not revoked, whose
    holder has no later certificate of the same course still in force."""
    newer = Certificate.objects.filter(
        valid_certificates_q(today),
        user_id=OuterRef("user_id"),
        course_id=OuterRef("course_id"),
        issued_at__gt=OuterRef("issued_at"),
    )
    return Certificate.objects.filter(
        revoked_at__isnull=True, valid_until__isnull=False, valid_until__lte=today + RENEWAL_WINDOW
    ).exclude(Exists(newer))


def renewals_due(actor: Actor, today: date | None = None) -> list[Certificate]:
    """The actor's certificates to renew, shown on the learning centre's page."""
    day = today or timezone.localdate()
    return list(
        _not_renewed(day).filter(user_id=actor.user_id or 0).select_related("course").order_by("valid_until")
    )


def remind_renewals(actor: Actor, today: date | None = None) -> int:
    """Mark each certificate coming up for renewal as reminded, once, and audit it."""
    day = today or timezone.localdate()
    count = 0
    for cert in _not_renewed(day).filter(renewal_reminded_at__isnull=True, valid_until__gte=day):
        with transaction.atomic():
            updated = Certificate.objects.filter(pk=cert.pk, renewal_reminded_at__isnull=True).update(
                renewal_reminded_at=timezone.now()
            )
            if updated:
                audit.log(
                    actor,
                    "renewal_reminded",
                    "certificate",
                    cert.pk,
                    detail={
                        "user": cert.user_id,
                        "valid_until": cert.valid_until.isoformat() if cert.valid_until else "",
                    },
                )
                count += updated
    return count
