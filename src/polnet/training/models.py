"""The app's models live in its parts; Django finds them through this module."""

from __future__ import annotations

from polnet.training.capacity.models import *  # noqa: F403
from polnet.training.catalogue.models import *  # noqa: F403
from polnet.training.certificates.models import *  # noqa: F403
from polnet.training.classroom.models import *  # noqa: F403
from polnet.training.learning.models import *  # noqa: F403
from polnet.training.sandbox.models import *  # noqa: F403
