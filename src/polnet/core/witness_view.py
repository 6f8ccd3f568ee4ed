"""The witness endpoint: another node posts its signed audit checkpoint here.

No session and no token: the checkpoint's signature, checked against a key this node's
operator registered (`polnet audit trust-witness`), is the authentication.
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from polnet.core import audit_witness
from polnet.core.errors import PolnetError


@csrf_exempt  # no cookie authenticates this call: a forged cross-site post gains nothing
@require_POST
def receive_checkpoint(request: HttpRequest) -> JsonResponse:
    try:
        received = audit_witness.receive(request.body)
    except PolnetError as e:
        with translation.override(translation.get_language_from_request(request)):
            return JsonResponse(e.as_dict(), status=e.status)
    cp = received.checkpoint
    body = {"seq": cp.seq, "hash": cp.hash, "line_hash": cp.line_hash, "new": received.new}
    return JsonResponse(body, status=201 if received.new else 200)
