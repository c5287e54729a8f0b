"""The transition maps: declared once, asked by name, and ``move`` is the one guarded assignment."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from talentcenter.foundation.workflow import Transition, TransitionMap, TransitionNotAllowed


class Door(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    LOCKED = "locked", "Locked"


class Gate(models.TextChoices):
    """Door's statuses and one more, for derived maps."""

    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    LOCKED = "locked", "Locked"
    WELDED = "welded", "Welded shut"


DOOR = TransitionMap(
    Door,
    ("close", "Close", {Door.OPEN}, Door.CLOSED),
    ("open", "Open", {Door.CLOSED}, Door.OPEN),
    ("lock", "Lock", {Door.CLOSED}, Door.LOCKED),
    ("unlock", "Unlock", {Door.LOCKED}, Door.CLOSED),
)


# --- Declaring a map ------------------------------------------------------------------------------
def test_a_map_is_its_named_transitions_in_the_declared_order() -> None:
    assert list(DOOR) == ["close", "open", "lock", "unlock"]
    assert DOOR["lock"] == Transition(name="lock", label="Lock", sources=frozenset({"closed"}), target="locked")
    assert len(DOOR) == 4
    assert "weld" not in DOOR


def test_sources_and_targets_are_members_of_the_maps_status_enum() -> None:
    transition = TransitionMap(Door, ("close", "Close", ["open"], "closed"))["close"]

    assert transition.target is Door.CLOSED
    assert transition.sources == frozenset({Door.OPEN})
    assert all(isinstance(source, Door) for source in transition.sources)


def test_a_status_the_enum_lacks_fails_when_the_map_is_declared() -> None:
    with pytest.raises(ValueError, match="welded"):
        TransitionMap(Door, ("weld", "Weld", {Door.CLOSED}, "welded"))
    with pytest.raises(ValueError, match="ajar"):
        TransitionMap(Door, ("close", "Close", {"ajar"}, Door.CLOSED))


def test_a_name_declared_twice_fails() -> None:
    with pytest.raises(ValueError, match="'close' is declared twice"):
        TransitionMap(Door, ("close", "Close", {Door.OPEN}, Door.CLOSED), ("close", "Shut", {Door.OPEN}, Door.CLOSED))


@pytest.mark.parametrize(
    ("status", "names"),
    [("open", ["close"]), ("closed", ["open", "lock"]), ("locked", ["unlock"]), ("gone", [])],
)
def test_allowed_lists_the_transitions_that_start_from_a_status_in_map_order(status: str, names: list[str]) -> None:
    assert [transition.name for transition in DOOR.allowed(status)] == names


# --- Moving -----------------------------------------------------------------------------------------
def test_a_move_assigns_the_target_and_returns_old_and_new() -> None:
    door = SimpleNamespace(status="closed")

    assert DOOR.move(door, "lock") == ("closed", "locked")
    assert door.status == "locked"


def test_a_move_from_a_status_outside_the_sources_is_a_conflict_naming_the_current_status() -> None:
    door = SimpleNamespace(status="locked")

    with pytest.raises(TransitionNotAllowed) as raised:
        DOOR.move(door, "open")

    assert door.status == "locked"
    assert isinstance(raised.value, ValidationError)
    assert raised.value.code == "conflict"
    assert raised.value.transition == "open"
    assert raised.value.status == "locked"
    assert raised.value.messages == [
        "This is now “Locked”, so it cannot be done any more. Reload the page to see its current state."
    ]


def test_the_conflict_message_is_translated() -> None:
    with translation.override("ko"), pytest.raises(TransitionNotAllowed) as raised:
        DOOR.move(SimpleNamespace(status="locked"), "open")

    assert raised.value.messages == [
        "현재 “Locked” 상태이므로 더 이상 이 작업을 할 수 없습니다. 페이지를 새로 고쳐 현재 상태를 확인하세요."
    ]


def test_an_unknown_transition_is_refused_like_one_from_the_wrong_status() -> None:
    door = SimpleNamespace(status="open")

    with pytest.raises(TransitionNotAllowed) as raised:
        DOOR.move(door, "weld")

    assert door.status == "open"
    assert raised.value.transition == "weld"


def test_target_of_guards_without_moving() -> None:
    door = SimpleNamespace(status="closed")

    assert DOOR.target_of(door, "lock") == "locked"
    assert door.status == "closed"
    with pytest.raises(TransitionNotAllowed):
        DOOR.target_of(door, "close")


def test_not_allowed_is_the_refusal_of_a_step_that_is_not_a_transition() -> None:
    refusal = DOOR.not_allowed(SimpleNamespace(status="open"), "paint")

    assert isinstance(refusal, TransitionNotAllowed)
    assert (refusal.transition, refusal.status, refusal.code) == ("paint", "open", "conflict")
    assert refusal.messages == [
        "This is now “Open”, so it cannot be done any more. Reload the page to see its current state."
    ]


def test_a_status_the_enum_does_not_know_is_named_as_it_is() -> None:
    with pytest.raises(TransitionNotAllowed) as raised:
        DOOR.move(SimpleNamespace(status="ajar"), "close")

    assert "“ajar”" in raised.value.messages[0]


def test_a_map_may_move_another_field() -> None:
    stages = TransitionMap(Door, ("close", "Close", {Door.OPEN}, Door.CLOSED), field="stage")
    record = SimpleNamespace(stage="open", status="open")

    assert stages.move(record, "close") == ("open", "closed")
    assert (record.stage, record.status) == ("closed", "open")
    with pytest.raises(TransitionNotAllowed) as raised:
        stages.move(record, "close")
    assert raised.value.messages[0].startswith("This is now “Closed”")


# --- Deriving a map ---------------------------------------------------------------------------------
def test_a_derived_map_replaces_in_place_and_inserts_after_the_row_written_before() -> None:
    gate = DOOR.derive(
        Gate,
        ("lock", "Lock with a key", {Gate.CLOSED}, Gate.LOCKED),
        ("weld", "Weld", {Gate.LOCKED}, Gate.WELDED),
    )

    assert list(gate) == ["close", "open", "lock", "weld", "unlock"]
    assert gate["lock"] == Transition("lock", "Lock with a key", frozenset({"closed"}), "locked")
    assert gate["weld"] == Transition("weld", "Weld", frozenset({"locked"}), "welded")
    assert {name: gate[name] for name in ("close", "open", "unlock")} == {
        name: DOOR[name] for name in ("close", "open", "unlock")
    }
    assert gate.statuses is Gate
    assert all(isinstance(transition.target, Gate) for transition in gate.values())
    assert list(DOOR) == ["close", "open", "lock", "unlock"]


def test_a_new_first_row_of_a_derived_map_goes_at_the_end() -> None:
    gate = DOOR.derive(Gate, ("weld", "Weld", {Gate.LOCKED}, Gate.WELDED))

    assert list(gate) == ["close", "open", "lock", "unlock", "weld"]


def test_a_derived_map_keeps_the_field_and_needs_every_inherited_status() -> None:
    stages = TransitionMap(Gate, ("weld", "Weld", {Gate.LOCKED}, Gate.WELDED), field="stage")

    assert DOOR.derive(Gate).field == "status"
    assert stages.derive(Gate).field == "stage"
    with pytest.raises(ValueError, match="welded"):
        stages.derive(Door)


# --- Properties -------------------------------------------------------------------------------------
STATUSES = [*Gate.values, "unknown"]
NAMES = ["a", "b", "c", "d"]


@st.composite
def maps(draw: st.DrawFn) -> TransitionMap:
    names = draw(st.lists(st.sampled_from(NAMES), unique=True, max_size=len(NAMES)))
    rows = [
        (
            name,
            name.upper(),
            draw(st.frozensets(st.sampled_from(Gate.values))),
            draw(st.sampled_from(Gate.values)),
        )
        for name in names
    ]
    return TransitionMap(Gate, *rows)


@given(transitions=maps(), status=st.sampled_from(STATUSES), name=st.sampled_from([*NAMES, "z"]))
def test_a_move_succeeds_exactly_when_the_status_is_a_source_and_assigns_nothing_else(
    transitions: TransitionMap, status: str, name: str
) -> None:
    record = SimpleNamespace(status=status, other="untouched")
    may = name in transitions and status in transitions[name].sources

    if may:
        assert transitions.move(record, name) == (status, transitions[name].target)
        assert record.status == transitions[name].target
    else:
        with pytest.raises(TransitionNotAllowed) as refused:
            transitions.move(record, name)
        assert record.status == status
        assert (refused.value.transition, refused.value.status) == (name, status)
    assert vars(record) == {"status": record.status, "other": "untouched"}
    assert (name in [transition.name for transition in transitions.allowed(status)]) == may
