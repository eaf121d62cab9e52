"""One rule of what is inside what (model.is_within), used by lookup (`done 活动总结` means the sub-task),
`log --task` (an item's entries and those of everything inside it) and `check`'s readable part."""

from __future__ import annotations

from conftest import BUNDLED
from planctl.format.loader import load_path
from planctl.model import is_within
from planctl.status.history import history
from planctl.status.lookup import find_item


def test_an_item_is_within_its_phase_and_task_but_not_within_itself_or_a_sibling() -> None:
    plan = load_path(BUNDLED).plan
    assert plan is not None
    study, research, topics, prep = (find_item(plan, ident) for ident in ("study", "research", "topics", "prep"))
    assert is_within(topics, research) and is_within(topics, study) and is_within(research, study)
    assert not is_within(topics, topics) and not is_within(study, topics) and not is_within(topics, prep)
    scoped = {logged.item.id for logged in history(plan, scope=study)}
    assert scoped <= {item.id for item in plan.items() if item is study or is_within(item, study)}
