"""The joint operations' API, mounted at /api/operations/: each part adds its router. Every route
needs the `operations` scope; what it shows and allows is `operations/policy.py`'s."""

from __future__ import annotations

from polnet.network.auth import ScopedRouter

router = ScopedRouter(tags=["operations"])

from polnet.operations.reports.api import router as reports_router  # noqa: E402

router.add_router("/reports/", reports_router)
