"""Entity resolution inside a project: start a run, follow it, decide its pairs.

A run compares the persons the analyst who starts it may see (`export.py`), and nothing
else. Its pairs are shown to a reader only where the reader may see both persons now, by
the owners' policies; a pair that another participant may not see is neither shown nor
counted for them. Confirming a pair writes a `same_person` link; a pair decided either way
is not proposed again in the project. Every act is audited with the project as its purpose.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings as django_settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polnet.analysis import services as projects
from polnet.analysis.models import AnalystLink, LinkReason, Project
from polnet.analysis.resolution import export, splink_model
from polnet.analysis.resolution.features import person_features
from polnet.analysis.resolution.models import CandidatePair, PairStatus, ResolutionRun, RunStatus
from polnet.core import audit
from polnet.core.actor import Actor
from polnet.core.errors import Conflict, InvalidInput, NotFound
from polnet.network.actors import actor_for

logger = logging.getLogger(__name__)

# Runs over more persons than this go to the job queue; smaller ones run at once.
INLINE_LIMIT_DEFAULT = 3000


def inline_limit() -> int:
    return int(getattr(django_settings, "POLNET_RESOLUTION_INLINE_LIMIT", INLINE_LIMIT_DEFAULT))


def _threshold(value: float | None) -> float:
    if value is None:
        return splink_model.DEFAULT_THRESHOLD
    if not (isinstance(value, int | float) and math.isfinite(value) and 0.0 < value < 1.0):
        raise InvalidInput(
            _("The threshold is a match probability between 0 and 1."),
            code="resolution_threshold_range",
            field="threshold",
        )
    return float(value)


def start_run(
    actor: Actor, project_id: int, *, threshold: float | None = None, at_once: bool | None = None
) -> ResolutionRun:
    """Start a run over what the analyst may see: at once when small (or ``at_once``, from
    the terminal), else on the job queue."""
    project = projects.project_for(actor, project_id)
    chosen = _threshold(threshold)
    try:
        backend = splink_model.backend_name()
    except ValueError:
        backend = "duckdb"
    assert actor.user_id is not None
    queued = not at_once if at_once is not None else export.count_visible(actor) > inline_limit()
    with transaction.atomic():
        run = ResolutionRun.objects.create(
            project=project, started_by_id=actor.user_id, threshold=chosen, backend=backend
        )
        projects.log_in_project(
            actor, project, audit.Action.CREATE, "resolution_run", run.pk, {"threshold": chosen}
        )
        if queued:
            from polnet.analysis.tasks import resolve_duplicates

            transaction.on_commit(lambda: resolve_duplicates.enqueue(run.pk))
    if not queued:
        execute_run(run.pk)
        run.refresh_from_db()
    return run


def _stage(run: ResolutionRun, stage: str, progress: int) -> None:
    run.stage, run.progress = stage, progress
    ResolutionRun.objects.filter(pk=run.pk).update(stage=stage, progress=progress)


_STAGE_PROGRESS = {"training": 40, "u": 45, "em_dob": 55, "em_name": 65, "predicting": 75}


def execute_run(run_id: int) -> None:
    """Do a run (the job, or at once for a small one). A run already finished is left as it
    is, so a job that runs again after its worker died does nothing twice."""
    run = ResolutionRun.objects.select_related("project", "started_by").get(pk=run_id)
    if run.status in (RunStatus.DONE, RunStatus.FAILED):
        return
    ResolutionRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING)
    try:
        actor = actor_for(run.started_by, origin="job")
        projects.project_for(actor, run.project_id)  # still a participant, still an analyst
        _stage(run, "reading", 5)
        rows = [f for p in export.visible_persons(actor) if (f := person_features(p)) is not None]
        _stage(run, "training", 30)
        table = splink_model.arrow_table(rows)
        outcome = splink_model.resolve(
            table,
            threshold=run.threshold,
            backend=run.backend,
            progress=lambda stage: _stage(run, stage, _STAGE_PROGRESS.get(stage, run.progress)),
        )
        _stage(run, "storing", 90)
        stored = _store(run, outcome.pairs)
        ResolutionRun.objects.filter(pk=run.pk).update(
            status=RunStatus.DONE,
            stage="",
            progress=100,
            finished_at=timezone.now(),
            persons=outcome.persons,
            pairs_found=stored,
            trained=outcome.training.trained,
            training_note=outcome.training.reason[:64],
            model=outcome.model,
            seconds=outcome.seconds,
        )
    except Exception as exc:  # the run says it failed; the job's log keeps the trace
        logger.exception("resolution run %s failed", run_id)
        code = getattr(exc, "code", "") or type(exc).__name__
        ResolutionRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, stage="", finished_at=timezone.now(), error=str(code)[:64]
        )


def _decided(project: Project) -> set[tuple[str, str]]:
    """Pairs already decided in the project, or already linked as the same person."""
    done = set(
        CandidatePair.objects.filter(project=project)
        .exclude(status=PairStatus.OPEN)
        .values_list("left", "right")
    )
    for source, target in AnalystLink.objects.filter(
        project=project, reason=LinkReason.SAME_PERSON
    ).values_list("source", "target"):
        done.add((min(source, target), max(source, target)))
    return done


def _store(run: ResolutionRun, found: Iterable[splink_model.Pair]) -> int:
    decided = _decided(run.project)
    rows: list[CandidatePair] = []
    for p in found:
        left, right = sorted((p.left, p.right))
        left_owner, right_owner = (
            (p.left_owner, p.right_owner) if left == p.left else (p.right_owner, p.left_owner)
        )
        if (left, right) in decided:
            continue
        rows.append(
            CandidatePair(
                run=run,
                project=run.project,
                left=left,
                right=right,
                left_owner=left_owner[:2],
                right_owner=right_owner[:2],
                probability=p.probability,
                weight=p.weight if math.isfinite(p.weight) else 0.0,
                comparisons=[
                    {"comparison": name, "level": level, "bayes_factor": factor}
                    for name, (level, factor) in p.levels.items()
                ],
            )
        )
    with transaction.atomic():
        CandidatePair.objects.filter(run=run).delete()  # a run done again stores its pairs once
        CandidatePair.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


# ---- reading ---------------------------------------------------------------------------------


def runs(actor: Actor, project_id: int) -> QuerySet[ResolutionRun]:
    project = projects.project_for(actor, project_id)
    return ResolutionRun.objects.filter(project=project)


def run_for(actor: Actor, project_id: int, run_id: int) -> ResolutionRun:
    run = runs(actor, project_id).filter(pk=run_id).first()
    if run is None:
        raise NotFound(_("No such entity resolution run."), code="resolution_run_not_found")
    return run


def latest_run(actor: Actor, project_id: int) -> ResolutionRun | None:
    return runs(actor, project_id).first()


def _visible_pairs(actor: Actor, pairs: list[CandidatePair]) -> list[CandidatePair]:
    keys = {p.left for p in pairs} | {p.right for p in pairs}
    seen = export.visible_keys(actor, keys)
    return [p for p in pairs if p.left in seen and p.right in seen]


def list_pairs(
    actor: Actor,
    project_id: int,
    *,
    run_id: int | None = None,
    status: str | None = None,
    min_probability: float | None = None,
    limit: int = 200,
) -> list[CandidatePair]:
    """The pairs of a run (the latest by default) that the reader may see both persons of."""
    project = projects.project_for(actor, project_id)
    if status is not None and status not in PairStatus.values:
        raise InvalidInput(
            _("Choose one of the listed statuses."), code="resolution_status_unknown", field="status"
        )
    if min_probability is not None and not (math.isfinite(min_probability) and 0 <= min_probability <= 1):
        raise InvalidInput(
            _("The threshold is a match probability between 0 and 1."),
            code="resolution_threshold_range",
            field="min_probability",
        )
    run = run_for(actor, project_id, run_id) if run_id is not None else latest_run(actor, project_id)
    if run is None:
        return []
    qs = CandidatePair.objects.filter(project=project, run=run)
    if status:
        qs = qs.filter(status=status)
    if min_probability is not None:
        qs = qs.filter(probability__gte=min_probability)
    found: list[CandidatePair] = []
    for start in range(0, 100_000, 1000):  # read in slices until enough visible pairs are found
        chunk = list(qs.order_by("-probability", "id")[start : start + 1000])
        found += _visible_pairs(actor, chunk)
        if len(found) >= limit or len(chunk) < 1000:
            break
    return found[:limit]


def visible_pair_count(actor: Actor, run: ResolutionRun) -> int:
    return len(_visible_pairs(actor, list(CandidatePair.objects.filter(run=run))))


def pair_for(actor: Actor, project_id: int, pair_id: int) -> CandidatePair:
    project = projects.project_for(actor, project_id)
    pair = CandidatePair.objects.filter(project=project, pk=pair_id).select_related("run").first()
    if pair is None or not _visible_pairs(actor, [pair]):
        raise NotFound(_("No such candidate pair."), code="resolution_pair_not_found")
    return pair


# ---- deciding --------------------------------------------------------------------------------


def _decide(actor: Actor, project_id: int, pair_id: int) -> tuple[Project, CandidatePair]:
    pair = pair_for(actor, project_id, pair_id)
    locked = CandidatePair.objects.select_for_update().get(pk=pair.pk)
    if locked.status != PairStatus.OPEN:
        raise Conflict(_("This pair has already been decided."), code="resolution_pair_decided")
    return locked.project, locked


@transaction.atomic
def confirm(actor: Actor, project_id: int, pair_id: int, *, note: str = "") -> AnalystLink:
    """The two persons are one human being: a `same_person` link in the project."""
    project, pair = _decide(actor, project_id, pair_id)
    assert actor.user_id is not None
    link, _created = AnalystLink.objects.get_or_create(
        project=project,
        source=pair.left,
        target=pair.right,
        reason=LinkReason.SAME_PERSON,
        defaults={
            "probability": pair.probability,
            "note": note.strip()[:2000],
            "created_by_id": actor.user_id,
        },
    )
    pair.status, pair.decided_by_id, pair.decided_at, pair.link = (
        PairStatus.CONFIRMED,
        actor.user_id,
        timezone.now(),
        link,
    )
    pair.save(update_fields=["status", "decided_by", "decided_at", "link"])
    projects.log_in_project(
        actor,
        project,
        "confirm_same_person",
        "resolution_pair",
        pair.pk,
        {"source": pair.left, "target": pair.right, "probability": round(pair.probability, 6)},
    )
    return link


@transaction.atomic
def reject(actor: Actor, project_id: int, pair_id: int) -> CandidatePair:
    """Not the same person: kept as decided, so no later run proposes the pair again."""
    project, pair = _decide(actor, project_id, pair_id)
    pair.status, pair.decided_by_id, pair.decided_at = PairStatus.REJECTED, actor.user_id, timezone.now()
    pair.save(update_fields=["status", "decided_by", "decided_at"])
    projects.log_in_project(
        actor,
        project,
        "reject_same_person",
        "resolution_pair",
        pair.pk,
        {"source": pair.left, "target": pair.right},
    )
    return pair


# ---- what a pair shows -----------------------------------------------------------------------


@dataclass(frozen=True)
class Side:
    key: str
    kind: str  # person or notice
    object_id: int
    owner: str
    names: list[dict[str, str]]  # display, script
    date_of_birth: str
    sex: str
    nationalities: list[str]
    reference: str  # a notice's reference


def sides(actor: Actor, shown: list[CandidatePair]) -> dict[str, Side]:
    """What the page shows of each person of the pairs, read again through the owners'
    policies now (a person no longer visible is simply absent)."""
    from polnet.core.policy import visible_q
    from polnet.notices.models import Notice
    from polnet.records.models import Person

    keys = {p.left for p in shown} | {p.right for p in shown}
    person_ids = [int(k[7:]) for k in keys if k.startswith("person:")]
    notice_ids = [int(k[7:]) for k in keys if k.startswith("notice:")]
    out: dict[str, Side] = {}
    found: list[tuple[str, Any]] = []
    if person_ids:
        qs = Person.objects.filter(visible_q(actor, Person), pk__in=person_ids)
        found += [("person", p) for p in qs.prefetch_related("names", "nationalities")]
    if notice_ids:
        ns = Notice.objects.visible_to(actor).filter(pk__in=notice_ids)
        found += [("notice", n) for n in ns.prefetch_related("names", "nationalities")]
    for kind, obj in found:
        key = f"{kind}:{obj.pk}"
        out[key] = Side(
            key=key,
            kind=kind,
            object_id=obj.pk,
            owner=obj.owner_country_id or "",
            names=[{"display": n.display, "script": n.script} for n in obj.names.all()],
            date_of_birth=obj.date_of_birth,
            sex=obj.sex,
            nationalities=sorted(c.pk for c in obj.nationalities.all()),
            reference=obj.reference if kind == "notice" else "",
        )
    return out


def run_state(actor: Actor, run: ResolutionRun) -> dict[str, Any]:
    """A run as a reader sees it: the persons compared are counted only for the analyst who
    started it (they are what that analyst may see); the pairs, only those the reader may see."""
    own = actor.user_id == run.started_by_id
    return {
        "id": run.pk,
        "project": run.project_id,
        "status": run.status,
        "stage": run.stage,
        "progress": run.progress,
        "threshold": run.threshold,
        "backend": run.backend,
        "started_at": run.started_at,
        "finished_at": run.finished_at,
        "trained": run.trained,
        "training_note": run.training_note,
        "persons": run.persons if own else None,
        "pairs": visible_pair_count(actor, run) if run.status == RunStatus.DONE else 0,
        "error": run.error,
    }
