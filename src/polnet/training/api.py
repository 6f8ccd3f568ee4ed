"""The learning centre's API, mounted at /api/training/: each part adds its router. Every
route needs the `training` scope; what it shows and allows is `training/policy.py`'s."""

from __future__ import annotations

from polnet.network.auth import ScopedRouter
from polnet.training.catalogue.api import router as catalogue_router
from polnet.training.learning.api import router as learning_router

router = ScopedRouter(tags=["training"])
router.add_router("/catalogue/", catalogue_router)
router.add_router("/learning/", learning_router)
