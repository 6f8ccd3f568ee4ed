"""Request and response shapes of the entity-resolution API."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import Field

from polnet.analysis.resolution.models import PairStatus


class RunIn(Schema):
    threshold: float | None = Field(
        None, gt=0, lt=1, description="Keep pairs at or above this match probability (0.8 by default)"
    )


class RunOut(Schema):
    id: int
    project: int
    status: str
    stage: str
    progress: int = Field(description="percent")
    threshold: float
    backend: str
    started_at: datetime
    finished_at: datetime | None
    trained: bool = Field(
        description="false: the fixed priors were used (too few persons, or training failed)"
    )
    training_note: str
    persons: int | None = Field(description="persons compared; shown only to the analyst who started the run")
    pairs: int = Field(description="pairs whose two persons the reader may see")
    error: str


class PairParams(Schema):
    run: int | None = Field(None, ge=1, description="a run of the project; the latest by default")
    status: PairStatus | None = None
    min_probability: float | None = Field(None, ge=0, le=1)
    limit: int = Field(100, ge=1, le=500)


class ComparisonOut(Schema):
    comparison: str = Field(description="name, dob, sex, nationality or identifier")
    level: str = Field(description="the level the pair fell in, e.g. exact, year_only, unknown")
    bayes_factor: float = Field(description="how much this comparison moved the odds of a match")


class PairOut(Schema):
    id: int
    run: int
    left: str = Field(description="node key, e.g. person:12 or notice:7")
    right: str
    left_owner: str
    right_owner: str
    same_country: bool = Field(description="both records belong to one country (its own duplicate)")
    probability: float
    match_weight: float
    comparisons: list[ComparisonOut]
    status: str
    decided_at: datetime | None
    link: int | None = Field(description="the same-person link a confirmation made")


class PairDecisionIn(Schema):
    note: str = Field("", max_length=2000)
