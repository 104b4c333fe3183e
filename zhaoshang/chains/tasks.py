"""Background work of the chains app: classifying the whole registry, and following changes
to enterprises (a few re-classified at once, an import in the background)."""

from __future__ import annotations

from typing import Any

from zhaoshang.core.tasks import TaskContext, task, task_submit

# Changes to at most this many enterprises are re-classified at once; more go to the worker.
REFRESH_INLINE_LIMIT = 200
CLASSIFY = "chains.classify"


@task(CLASSIFY, queue="imports", time_limit=60 * 60)
def classify(context: TaskContext) -> dict[str, Any]:
    """Place every enterprise of the registry on the chains' links."""
    from zhaoshang.chains.classification import placements_rebuild
    from zhaoshang.chains.facts import facts_path

    count = placements_rebuild(progress=lambda done, total: context.progress(done, total))
    facts_path()  # written now, ahead of the first ranking
    return {"placements": count}


def follow_enterprise_changes(
    sender: object, *, enterprise_ids: list[int] | None = None, **kwargs: Any
) -> None:
    """Connected to the registry's ``enterprises_changed``. The classifier (pyarrow, the
    keyword automaton, rjieba) is imported here, not when the app starts."""
    if enterprise_ids is not None and len(enterprise_ids) <= REFRESH_INLINE_LIMIT:
        from zhaoshang.chains.classification import placements_refresh

        placements_refresh(enterprise_ids)
    else:
        task_submit(CLASSIFY, actor=None)
