"""Each test's database is new: so is the process's screening index, and it follows changes at
once (checks made here must find what the test just wrote, not what an earlier test's index held).

`post_of` sets up a post as its operator would: trust the bureau key, apply the unit's package."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from polnet.offline import services
from polnet.post.store import Post
from tests.factories import Network
from tests.offline.post_server import serve  # noqa: F401  # the post's page on a free port


@pytest.fixture(autouse=True)
def _fresh_index(fresh_screening_index: None) -> None:
    return None


@pytest.fixture
def post_of(net: Network, tmp_path: Path) -> Callable[..., Post]:
    def make(unit: str, *, server: str = "", apply: bool = True) -> Post:
        public, fp, _ = services.public_key("DE")
        post = Post(tmp_path / "post")
        post.init(public, fp, unit=net.units[unit].pk, bureau="DE", server=server)
        if apply:
            post.apply(services.build_package(net.actor("DE-admin"), net.units[unit].pk))
        return post

    return make
