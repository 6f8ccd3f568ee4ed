"""The learning centre's API, mounted at /api/training/: each part adds its router. Every
route needs the `training` scope; what it shows and allows is `training/policy.py`'s."""

from __future__ import annotations

from polnet.network.auth import ScopedRouter
from polnet.training.capacity.api import router as capacity_router
from polnet.training.catalogue.api import router as catalogue_router
from polnet.training.certificates.api import router as certificates_router
from polnet.training.certificates.requirement_api import router as requirements_router
from polnet.training.classroom.api import router as sessions_router
from polnet.training.learning.api import router as learning_router
from polnet.training.statements_api import router as statements_router

router = ScopedRouter(tags=["training"])
router.add_router("/catalogue/", catalogue_router)
router.add_router("/learning/", learning_router)
router.add_router("/certificates/", certificates_router)
router.add_router("/requirements/", requirements_router)
router.add_router("/sessions/", sessions_router)
router.add_router("/statements/", statements_router)
router.add_router("/capacity/", capacity_router)
