"""The learning centre's API, mounted at /api/training/: each part adds its router. Every
route needs the `training` scope; what it shows and allows is `training/policy.py`'s."""

from __future__ import annotations

from polnet.network.auth import ScopedRouter

router = ScopedRouter(tags=["training"])

from polnet.training.certificates.api import router as certificates_router  # noqa: E402

router.add_router("/certificates/", certificates_router)

from polnet.training.certificates.requirement_api import router as requirements_router  # noqa: E402

router.add_router("/requirements/", requirements_router)

from polnet.training.classroom.api import router as sessions_router  # noqa: E402

router.add_router("/sessions/", sessions_router)
