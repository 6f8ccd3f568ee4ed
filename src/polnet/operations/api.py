"""The joint operations' API, mounted at /api/operations/: each part adds its router. Every route
needs the `operations` scope; what it shows and allows is `operations/policy.py`'s."""

from __future__ import annotations

from polnet.network.auth import ScopedRouter
from polnet.operations.board_api import router as board_router
from polnet.operations.handover_api import router as handover_router
from polnet.operations.plan.api import router as plan_router
from polnet.operations.reports.api import router as reports_router

router = ScopedRouter(tags=["operations"])
router.add_router("/plan/", plan_router)
router.add_router("/reports/", reports_router)
router.add_router("/", board_router)  # /api/operations/<id>/board
router.add_router("/", handover_router)  # /api/operations/<id>/analysis
