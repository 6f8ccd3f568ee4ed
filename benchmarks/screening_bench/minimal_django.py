"""The smallest Django site that answers a JSON POST: the ceiling for polnet's request path.

Served by granian exactly as ``polnet serve`` serves polnet (the same ASGI handler,
``polnet.asgi:application``, the same interface and workers), with no middleware, no
database, no authentication and no engine. What polnet's endpoints reach as a share of this
site's rate is what polnet's own request path costs: token check, access policy, engine
search, query log and the answer.

    DJANGO_SETTINGS_MODULE=screening_bench.minimal_django PYTHONPATH=benchmarks \\
        granian --interface asginl --workers 2 polnet.asgi:application
"""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path

SECRET_KEY = "minimal-benchmark-site"  # serves no data and no user
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = __name__
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
DATABASES: dict[str, object] = {}
USE_TZ = True


def echo(request: HttpRequest) -> HttpResponse:
    """Read the JSON body as a screening endpoint does, answer a small JSON document."""
    if request.method != "POST":
        return JsonResponse({"detail": "POST a JSON body"}, status=405)
    body = json.loads(request.body)
    return JsonResponse({"query": body, "hits": [], "checked": True})


urlpatterns = [path("echo", echo)]
