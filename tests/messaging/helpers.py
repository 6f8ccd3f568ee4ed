"""A messaging client per test user, speaking to the API in-process through Django's test client."""

from __future__ import annotations

import json
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from polnet.messaging.client import MessagingClient
from polnet.network.models import User
from tests.factories import PASSWORD, Network, signed_in_client


class DjangoTransport:
    def __init__(self, client: Client, **headers: str) -> None:
        self.client = client
        self.headers = headers

    def request(
        self, method: str, path: str, *, body: Any = None, files: dict[str, bytes] | None = None
    ) -> tuple[int, bytes]:
        if files is not None:
            data = {name: SimpleUploadedFile(f"{name}.bin", blob) for name, blob in files.items()}
            response = self.client.post(path, data, **self.headers)
        elif body is not None:
            response = self.client.generic(
                method, path, json.dumps(body), content_type="application/json", **self.headers
            )
        else:
            response = self.client.generic(method, path, **self.headers)
        return response.status_code, response.content


def client_for(user: User, *, unlock: bool = True, password: str = PASSWORD) -> MessagingClient:
    mc = MessagingClient(DjangoTransport(signed_in_client(user)))
    if unlock:
        mc.unlock(password)
    return mc


def clients(net: Network, *names: str) -> list[MessagingClient]:
    return [client_for(net.users[n]) for n in names]
