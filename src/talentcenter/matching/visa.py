"""Visa fit: which programme a hire with this offer would qualify for, from the policy engine.

Only for the top candidates (the re-ranking depth), never for the whole index: their profiles are
loaded with a fixed number of queries, converted to the engine's interchange format exactly as the
pathfinder and a case do (``policy.selectors.applicant_data_from_profile`` plus the offer), and
evaluated in one batch (``policy.engine.evaluate``). The hints — what would get the hire over the
line — come from the engine's explanation of the best near-miss track, only for returned rows.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Collection, Hashable, Iterable, Mapping
from dataclasses import replace
from datetime import date
from typing import Any, TypeVar

from django.db.models import Q, TextField
from django.db.models.functions import Cast
from pydantic import ValidationError

from talentcenter.foundation.i18n import current_language
from talentcenter.matching.explain import TrackFit, VisaFit
from talentcenter.matching.models import ProfileVector
from talentcenter.matching.query import OfferFacts
from talentcenter.policy import selectors as policy_selectors
from talentcenter.policy.engine import ApplicantIn, Catalogue, baseline, evaluate, prepare
from talentcenter.policy.engine.evaluate import (
    ELIGIBLE,
    NEEDS_REVIEW,
    NOT_ELIGIBLE,
    NOT_IN_FORCE,
    STATUS_NAMES,
    explain_hints,
)
from talentcenter.policy.engine.facts import FactFrame, PreparedFacts, prepare_each
from talentcenter.policy.engine.fields import classifier
from talentcenter.policy.engine.inputs import OfferIn, industry_codes
from talentcenter.policy.engine.messages import Message
from talentcenter.policy.engine.programmes import TRACKS
from talentcenter.policy.engine.rules import Track
from talentcenter.policy.translation import translated
from talentcenter.talent.enums import LanguageTest
from talentcenter.talent.models import Education, Experience, LanguageEntry, TalentProfile

# The fast tracks a company hopes for; the hard filter "fast_track_only" keeps only hires eligible
# for one of these.
FAST_TRACK_PROGRAMMES = frozenset({"ktech-pass", "top-tier-visa"})
# A hire has an offer: the job-seeking visa without one is not a hire's route.
HIRE_TRACKS: tuple[Track, ...] = tuple(
    track for track in TRACKS if (track.programme, track.track) != ("top-tier-visa", "job-seeking")
)
K = TypeVar("K", bound=Hashable)
_COMPANY_SIZES = {"sme": "sme", "mid_sized": "midsize", "midsize": "midsize", "large": "large"}


def offer_data(offer: OfferFacts) -> dict[str, Any]:
    """The engine's ``offer`` object (as ``cases.selectors.case_applicant_data`` builds it)."""
    codes = industry_codes()
    industries = codes.get("ktech_pass", set()) | codes.get("nst", set())
    industry = offer.industry if offer.industry in industries or offer.industry == "other" else None
    technology = offer.technology_field if offer.technology_field in codes.get("kotra", set()) else None
    return {
        "company": offer.company_name[:300],
        "company_size": _COMPANY_SIZES.get(offer.company_size),
        "industry": industry,
        "technology_field": technology,
        "annual_salary_krw": offer.annual_salary_krw,
        "occupation": offer.occupation_code[:10] or None,
    }


def _valid_offer(offer: OfferFacts) -> OfferIn | None:
    try:
        return OfferIn.model_validate(offer_data(offer))
    except ValidationError:
        return None


def applicants_with_offer(
    applicants: Mapping[int, Mapping[str, Any] | str], offer: OfferFacts | Mapping[int, OfferFacts]
) -> dict[int, ApplicantIn]:
    """Each applicant (its data, or that data as JSON text, as the index rows keep it) with its
    offer added (one for all, or one per key); an applicant the engine would refuse is left out.

    The offer is validated once, not once per applicant, and JSON text is validated as JSON (no
    Python objects built first): the person's part of the input does not depend on the offer."""
    shared = _valid_offer(offer) if isinstance(offer, OfferFacts) else None
    if isinstance(offer, OfferFacts) and shared is None:
        return {}
    valid: dict[int, ApplicantIn] = {}
    for key, data in applicants.items():
        if shared is not None:
            offer_in: OfferIn | None = shared
        elif isinstance(offer, Mapping) and key in offer:
            offer_in = _valid_offer(offer[key])
        else:
            continue
        if offer_in is None:
            continue
        try:
            person = (
                ApplicantIn.model_validate_json(data) if isinstance(data, str) else ApplicantIn.model_validate(data)
            )
        except ValidationError:
            continue
        valid[key] = person.model_copy(update={"offer": offer_in})
    return valid


def _rank(track: Track, status: int) -> tuple[int, int]:
    fast = track.programme in FAST_TRACK_PROGRAMMES
    if status == ELIGIBLE:
        return (3 if fast else 2, 0)
    if status == NEEDS_REVIEW:
        return (1, 1 if fast else 0)
    return (0, 0)


def _score(best: TrackFit | None) -> float:
    if best is None:
        return 0.0
    if best.status == "eligible":
        return 1.0 if best.fast_track else 0.75
    return 0.5 if best.status == "needs_review" else 0.0


class _FitCache:
    """Answers already computed in this process, keyed by their whole input.

    The key is a digest of the applicant's data, the offer, the date, the language, the parameter
    set and the reference catalogue: a changed profile, offer, rule or list is a new key, so an
    entry can never be stale, only unused (the oldest go first). It spares the engine the same
    question when a company opens the same candidates again or another process asks it.
    """

    def __init__(self, size: int = 50_000) -> None:
        self.size = size
        self.entries: OrderedDict[str, tuple[VisaFit, bool]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> tuple[VisaFit, bool] | None:
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key: str, fit: VisaFit, with_hints: bool) -> None:
        with self.lock:
            self.entries[key] = (fit, with_hints)
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


_cache = _FitCache()


def clear_caches() -> None:
    """Forget every answer and label kept in this process (the cold benchmark calls it between
    requests)."""
    _cache.clear()
    _track_fit_cache.clear()


def _cache_key(applicant: ApplicantIn, context: str) -> str:
    return hashlib.sha256((context + applicant.model_dump_json()).encode()).hexdigest()


_track_fit_cache: dict[str, dict[tuple[str, int], TrackFit]] = {}


def _track_fits(language: str) -> dict[tuple[str, int], TrackFit]:
    """Every (track, status) a row can have, with the track's label in ``language``: translated once
    per language, not once per row and track."""
    fits = _track_fit_cache.get(language)
    if fits is None:
        fits = {
            (track.key, status): TrackFit(
                programme=track.programme,
                track=track.track,
                label=translated(track.label, language),
                status=STATUS_NAMES[status],
                fast_track=track.programme in FAST_TRACK_PROGRAMMES,
            )
            for track in HIRE_TRACKS
            for status in (ELIGIBLE, NEEDS_REVIEW, NOT_ELIGIBLE)
        }
        _track_fit_cache[language] = fits
    return fits


class _Engine:
    """The engine's inputs for one date and language: parameter set, catalogue, classifier."""

    def __init__(self, as_of: date, catalogue: Catalogue | None = None) -> None:
        self.as_of = as_of
        if catalogue is None:
            self.version = policy_selectors.current_catalogue_version()
            self.catalogue = policy_selectors.catalogue(self.version)  # the same version: checked once
        else:
            self.version, self.catalogue = f"given-{id(catalogue)}", catalogue
        self.fields = classifier()
        self.parameter_set = baseline()
        self.language = current_language()
        self.track_fits = _track_fits(self.language)
        self._texts: dict[Hashable, str] = {}

    @property
    def context(self) -> str:
        return f"{self.as_of.isoformat()}|{self.language}|{self.parameter_set.digest}|{self.version}|"

    def fits(self, applicants: Mapping[int, ApplicantIn]) -> dict[int, tuple[VisaFit, PreparedFacts]]:
        """Every track for every applicant, in one batch (``evaluate`` over the frame of their facts),
        with each applicant's prepared facts, which the hints reuse."""
        keys = list(applicants)
        if not keys:
            return {}
        # The hints read the values and the reasons, never the evidence (the criteria's sources).
        prepared = prepare_each(
            [applicants[key] for key in keys], self.as_of, self.catalogue, self.fields, evidence=False
        )
        frame = FactFrame.from_rows([facts.values for facts in prepared])
        outcomes = evaluate(frame, self.parameter_set, self.as_of, HIRE_TRACKS)
        statuses = [(track, outcomes[track.key].status.tolist()) for track in HIRE_TRACKS]
        return {key: (self._fit(statuses, row), prepared[row]) for row, key in enumerate(keys)}

    def _fit(self, statuses: list[tuple[Track, list[int]]], row: int) -> VisaFit:
        tracks: list[TrackFit] = []
        best: tuple[tuple[int, int], TrackFit] | None = None
        for track, column in statuses:
            status = column[row]
            if status == NOT_IN_FORCE:
                continue
            fit = self.track_fits[track.key, status]
            tracks.append(fit)
            rank = _rank(track, status)
            if rank > (0, 0) and (best is None or rank > best[0]):
                best = (rank, fit)
        chosen = best[1] if best else None
        near_miss: TrackFit | None = None
        if not (chosen and chosen.fast_track and chosen.status == "eligible"):
            fast = [fit for fit in tracks if fit.fast_track]
            near_miss = next((fit for fit in fast if fit.status == "needs_review"), fast[0] if fast else None)
        return VisaFit(tracks=tuple(tracks), best=chosen, near_miss=near_miss, score=_score(chosen))

    def with_hints(self, answers: Mapping[K, tuple[VisaFit, PreparedFacts]]) -> dict[K, VisaFit]:
        """Each fit with the engine's hints for its near-miss track, in the language: one run of
        each near-miss track over all the rows that miss on it (``explain_hints``), not an
        explanation per row."""
        results = {key: fit for key, (fit, _prepared) in answers.items()}
        by_track: dict[Track, list[K]] = {}
        for key, (fit, _prepared) in answers.items():
            if fit.near_miss is not None:
                by_track.setdefault(_TRACK_OF[fit.near_miss.programme, fit.near_miss.track], []).append(key)
        for track, keys in by_track.items():
            prepared = [answers[key][1] for key in keys]
            for key, hints in zip(
                keys, explain_hints(prepared, self.parameter_set, self.as_of, track, self.language), strict=True
            ):
                results[key] = replace(results[key], hints=tuple(self._text(hint) for hint in hints))
        return results

    def _text(self, message: Any) -> str:
        """An engine message in the language, translated once per distinct message (the same
        hints recur from candidate to candidate)."""
        key = _message_key(message)
        text = self._texts.get(key)
        if text is None:
            text = self._texts[key] = str(translated(message, self.language))
        return text


def _message_key(value: Any) -> Hashable:
    """Everything a translation of ``value`` depends on (two messages with the same key are the
    same text in every language)."""
    if isinstance(value, Message):
        return (
            "message",
            str(value),
            value.msgid,
            value.korean,
            value.country,
            tuple(_message_key(part) for part in value.parts),
            tuple(sorted((name, _message_key(item)) for name, item in value.arguments.items())),
            tuple(_message_key(item) for item in value.positional),
        )
    if isinstance(value, (str, int, float, bool)) or value is None:
        return (type(value).__name__, value)
    return ("other", repr(value))


_TRACK_OF = {(track.programme, track.track): track for track in HIRE_TRACKS}


def visa_fit_for_applicants(
    applicants: Mapping[int, Mapping[str, Any]],
    offer: OfferFacts | Mapping[int, OfferFacts],
    *,
    as_of: date,
    hints_for: Collection[int] = (),
    catalogue: Catalogue | None = None,
) -> dict[int, VisaFit]:
    """Every applicant's tracks in one batch; hints (one explanation each) only for ``hints_for``.

    ``offer`` is one offer for every applicant (candidates for an opening) or one per key (one
    talent against several openings: the same applicant data under each opening's key). Answers
    already computed for the same input come from the process's cache (``_FitCache``)."""
    valid = applicants_with_offer(applicants, offer)
    if not valid:
        return {}
    engine = _Engine(as_of, catalogue)
    context = engine.context
    keys_of = {key: _cache_key(applicant, context) for key, applicant in valid.items()}
    wanted_hints = set(hints_for)
    results: dict[int, VisaFit] = {}
    missing: dict[int, ApplicantIn] = {}
    for key, applicant in valid.items():
        cached = _cache.get(keys_of[key])
        if cached is not None and (cached[1] or key not in wanted_hints):
            results[key] = cached[0]
        else:
            missing[key] = applicant
    answers = engine.fits(missing)
    hinted = engine.with_hints({key: answer for key, answer in answers.items() if key in wanted_hints})
    for key, (fit, _prepared) in answers.items():
        results[key] = hinted.get(key, fit)
        _cache.put(keys_of[key], results[key], key in wanted_hints)
    return results


class OfferFits:
    """The visa fit of indexed profiles under one offer, for one ranking: one engine batch for the
    re-ranked rows (``fits``), then the hints for the rows returned (``with_hints``).

    Every change to a profile gives its index row a new seq (``matching.services``), so the row's
    seq and write time name the version of the profile's data: with the offer, the date, the
    language, the rules and the lists they make a cache key that can never answer for other data.
    The profiles' engine data is stored with their index rows (``ProfileVector.applicant``), so one
    query reads the versions and the data of every row; a row written before that column existed is
    read from the talent tables (four queries). The batch keeps each row's prepared facts (without
    the evidence, which hints never read), so the hints of the rows returned are one explanation
    each, with nothing read or prepared again.
    """

    def __init__(self, offer: OfferFacts, *, as_of: date, using: str = "default") -> None:
        self.offer = offer
        self.offer_object = offer_data(offer)
        self.using = using
        self.engine = _Engine(as_of)
        self.context = "|".join((self.engine.context, json.dumps(self.offer_object, sort_keys=True)))
        self.keys: dict[int, str] = {}
        self.prepared: dict[int, PreparedFacts] = {}
        self.results: dict[int, VisaFit] = {}
        self.with_hints_done: set[int] = set()

    def _read(self, ids: list[int]) -> dict[int, Mapping[str, Any] | str]:
        """Versions (into ``keys``) and engine data of ``ids`` not answered from the cache."""
        stored: dict[int, str | None] = {}
        for pk, seq, updated_at, applicant in (
            ProfileVector.objects.using(self.using)
            .filter(pk__in=ids)
            # As JSON text: validated as JSON (applicants_with_offer), never decoded into Python first.
            .values_list("pk", "seq", "updated_at", Cast("applicant", output_field=TextField()))
        ):
            self.keys[pk] = hashlib.sha256(f"{self.context}|{pk}:{seq}:{updated_at.isoformat()}".encode()).hexdigest()
            stored[pk] = None if applicant in (None, "null") else applicant
        missing = [pk for pk in ids if stored.get(pk) is None]
        data: dict[int, Mapping[str, Any] | str] = {
            pk: applicant for pk, applicant in stored.items() if applicant is not None
        }
        if missing:
            data.update(applicant_data_for_profiles(missing, using=self.using))
        return data

    def fits(self, profile_ids: Iterable[int]) -> dict[int, VisaFit]:
        ids = [pk for pk in dict.fromkeys(profile_ids) if pk not in self.results]
        data = self._read(ids) if ids else {}
        computing: dict[int, Mapping[str, Any] | str] = {}
        for pk in ids:
            cached = _cache.get(self.keys[pk]) if pk in self.keys else None
            if cached is not None:
                self.results[pk] = cached[0]
                if cached[1]:
                    self.with_hints_done.add(pk)
            elif pk in data:
                computing[pk] = data[pk]
        for pk, (fit, prepared) in self.engine.fits(applicants_with_offer(computing, self.offer)).items():
            self.results[pk] = fit
            self.prepared[pk] = prepared
            if pk in self.keys:
                _cache.put(self.keys[pk], fit, False)
        return self.results

    def with_hints(self, profile_ids: Iterable[int]) -> dict[int, VisaFit]:
        ids = list(dict.fromkeys(profile_ids))
        self.fits(ids)
        wanted = [pk for pk in ids if pk not in self.with_hints_done and pk in self.results]
        # Rows answered from the cache without their hints: read and prepared now, together.
        unprepared = [pk for pk in wanted if pk not in self.prepared]
        if unprepared:
            valid = applicants_with_offer(self._read(unprepared), self.offer)
            for pk, applicant in valid.items():
                self.prepared[pk] = prepare(applicant, self.engine.as_of, self.engine.catalogue, self.engine.fields)
        hinted = self.engine.with_hints(
            {pk: (self.results[pk], self.prepared[pk]) for pk in wanted if pk in self.prepared}
        )
        for pk, fit in hinted.items():
            self.results[pk] = fit
            if pk in self.keys:
                _cache.put(self.keys[pk], fit, True)
        self.with_hints_done.update(wanted)
        return self.results


def applicant_data_for_profiles(profile_ids: Iterable[int], *, using: str = "default") -> dict[int, dict[str, Any]]:
    """The profiles in the engine's interchange format, in four queries whatever their number.

    The same dictionaries as ``policy.selectors.applicant_data_from_profile`` (a test proves it),
    read as plain rows: building model instances for two hundred profiles and their entries cost
    more than the engine's answer for them.
    """
    ids = list(profile_ids)
    if not ids:
        return {}
    return _applicant_data(Q(pk__in=ids), Q(profile_id__in=ids), using=using)


class ApplicantData:
    """Profiles in the engine's interchange format, built from plain rows in the orders the
    pathfinder reads them. The visa fit's own reads (below) and the index rows' bulk reads
    (``services.profile_rows``, which reads these columns with its own) both build it."""

    EDUCATION = ("level", "field", "institution", "country", "completed_on")
    EDUCATION_ORDER = ("profile_id", "-level", "-completed_on", "id")
    EXPERIENCE = ("organization", "organization_kind", "field", "started_on", "ended_on", "is_postdoctoral")
    EXPERIENCE_ORDER = ("profile_id", "-started_on", "id")
    LANGUAGE_ORDER = ("profile_id", "id")
    ENGINE_TESTS = (LanguageTest.TOPIK, LanguageTest.KIIP)

    def __init__(self) -> None:
        self.data: dict[int, dict[str, Any]] = {}
        self.levels = policy_selectors.ENGINE_EDUCATION_LEVELS

    def person(self, profile_id: int, birth_date: date | None, nationality: str | None) -> None:
        self.data[profile_id] = {
            "person": {
                "birth_date": birth_date.isoformat() if birth_date else None,
                "nationality": nationality or None,
            },
            "education": [],
            "experience": [],
            "languages": [],
        }

    def education(
        self,
        profile_id: int,
        level: int,
        field: str,
        institution: str,
        country: str | None,
        completed_on: date | None,
    ) -> None:
        if level in self.levels and profile_id in self.data:
            self.data[profile_id]["education"].append(
                {
                    "level": self.levels[level],
                    "field": field,
                    "institution": institution,
                    "country": country or None,
                    "completed": completed_on.isoformat() if completed_on else None,
                }
            )

    def experience(
        self,
        profile_id: int,
        organization: str,
        kind: str,
        field: str,
        started_on: date,
        ended_on: date | None,
        postdoctoral: bool,
    ) -> None:
        if profile_id in self.data:
            self.data[profile_id]["experience"].append(
                {
                    "organization": organization,
                    "kind": kind,
                    "field": field,
                    "start": started_on.isoformat(),
                    "end": ended_on.isoformat() if ended_on else None,
                    "postdoctoral": postdoctoral,
                }
            )

    def language(self, profile_id: int, language: str, test: str, score: str) -> None:
        if test in self.ENGINE_TESTS and score.isdigit() and profile_id in self.data:
            self.data[profile_id]["languages"].append({"language": language, "test": test.upper(), "level": int(score)})


def _applicant_data(profiles: Q, entries: Q, *, using: str) -> dict[int, dict[str, Any]]:
    built = ApplicantData()
    for pk, birth_date, nationality in (
        TalentProfile.objects.using(using).filter(profiles).values_list("pk", "birth_date", "nationality")
    ):
        built.person(pk, birth_date, nationality)
    for row in (
        Education.objects.using(using)
        .filter(entries)
        .order_by(*ApplicantData.EDUCATION_ORDER)
        .values_list("profile_id", *ApplicantData.EDUCATION)
    ):
        built.education(*row)
    for row in (
        Experience.objects.using(using)
        .filter(entries)
        .order_by(*ApplicantData.EXPERIENCE_ORDER)
        .values_list("profile_id", *ApplicantData.EXPERIENCE)
    ):
        built.experience(*row)
    for profile_id, language, test, score in (
        LanguageEntry.objects.using(using)
        .filter(entries, test__in=ApplicantData.ENGINE_TESTS)
        .order_by(*ApplicantData.LANGUAGE_ORDER)
        .values_list("profile_id", "language", "test", "level")
    ):
        built.language(profile_id, language, test, score)
    return built.data


def visa_fit_for_profiles(
    profile_ids: Iterable[int],
    offer: OfferFacts,
    *,
    as_of: date,
    hints_for: Collection[int] = (),
    using: str = "default",
) -> dict[int, VisaFit]:
    return visa_fit_for_applicants(
        applicant_data_for_profiles(profile_ids, using=using), offer, as_of=as_of, hints_for=hints_for
    )
