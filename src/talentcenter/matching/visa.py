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
from collections.abc import Collection, Iterable, Mapping
from datetime import date
from typing import Any

from pydantic import ValidationError

from talentcenter.foundation.i18n import current_language
from talentcenter.matching.explain import TrackFit, VisaFit
from talentcenter.matching.models import ProfileVector
from talentcenter.matching.query import OfferFacts
from talentcenter.policy import selectors as policy_selectors
from talentcenter.policy.engine import ApplicantIn, Catalogue, baseline, evaluate, explain, prepare
from talentcenter.policy.engine.evaluate import ELIGIBLE, NEEDS_REVIEW, NOT_IN_FORCE, STATUS_NAMES
from talentcenter.policy.engine.facts import prepare_many
from talentcenter.policy.engine.fields import classifier
from talentcenter.policy.engine.inputs import industry_codes
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


def applicants_with_offer(
    applicants: Mapping[int, Mapping[str, Any]], offer: OfferFacts | Mapping[int, OfferFacts]
) -> dict[int, ApplicantIn]:
    """Each applicant with its offer added (one for all, or one per key); an applicant the engine
    would refuse is left out."""
    shared = offer_data(offer) if isinstance(offer, OfferFacts) else None
    valid: dict[int, ApplicantIn] = {}
    for key, data in applicants.items():
        if shared is not None:
            offer_object = shared
        elif isinstance(offer, Mapping) and key in offer:
            offer_object = offer_data(offer[key])
        else:
            continue
        try:
            valid[key] = ApplicantIn.model_validate({**data, "offer": offer_object})
        except ValidationError:
            continue
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


def _cache_key(applicant: ApplicantIn, context: str) -> str:
    return hashlib.sha256((context + applicant.model_dump_json()).encode()).hexdigest()


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
    version = f"given-{id(catalogue)}" if catalogue is not None else policy_selectors.current_catalogue_version()
    catalogue = catalogue or policy_selectors.catalogue()
    fields = classifier()
    parameter_set = baseline()
    language = current_language()
    context = f"{as_of.isoformat()}|{language}|{parameter_set.digest}|{version}|"
    keys_of = {key: _cache_key(applicant, context) for key, applicant in valid.items()}
    wanted_hints = set(hints_for)
    results: dict[int, VisaFit] = {}
    missing: list[int] = []
    for key in valid:
        cached = _cache.get(keys_of[key])
        if cached is not None:
            results[key] = cached[0]
        else:
            missing.append(key)
    if missing:
        frame = prepare_many([valid[key] for key in missing], as_of, catalogue, fields)
        outcomes = evaluate(frame, parameter_set, as_of, HIRE_TRACKS)
        for row, key in enumerate(missing):
            results[key] = _fit_of_row(outcomes, row)
            _cache.put(keys_of[key], results[key], False)
    for key in wanted_hints:
        current = results.get(key)
        if current is None:
            continue
        cached = _cache.get(keys_of[key])
        if cached is not None and cached[1]:
            results[key] = cached[0]
            continue
        if current.near_miss is not None:
            miss = current.near_miss
            track = next(
                track for track in HIRE_TRACKS if (track.programme, track.track) == (miss.programme, miss.track)
            )
            prepared = prepare(valid[key], as_of, catalogue, fields)
            answer = explain(prepared, parameter_set, as_of, (track,), language)
            hints = tuple(str(hint) for hint in translated(answer["results"][0]["hints"], language))
            current = VisaFit(
                tracks=current.tracks, best=current.best, near_miss=miss, hints=hints, score=current.score
            )
            results[key] = current
        _cache.put(keys_of[key], current, True)
    return results


def _fit_of_row(outcomes: Mapping[str, Any], row: int) -> VisaFit:
    tracks: list[TrackFit] = []
    best: tuple[tuple[int, int], TrackFit] | None = None
    near_miss: TrackFit | None = None
    for track in HIRE_TRACKS:
        status = int(outcomes[track.key].status[row])
        if status == NOT_IN_FORCE:
            continue
        fit = TrackFit(
            programme=track.programme,
            track=track.track,
            label=translated(track.label),
            status=STATUS_NAMES[status],
            fast_track=track.programme in FAST_TRACK_PROGRAMMES,
        )
        tracks.append(fit)
        rank = _rank(track, status)
        if rank > (0, 0) and (best is None or rank > best[0]):
            best = (rank, fit)
    chosen = best[1] if best else None
    if not (chosen and chosen.fast_track and chosen.status == "eligible"):
        fast = [fit for fit in tracks if fit.fast_track]
        near_miss = next((fit for fit in fast if fit.status == "needs_review"), fast[0] if fast else None)
    return VisaFit(tracks=tuple(tracks), best=chosen, near_miss=near_miss, score=_score(chosen))


def visa_fit_for_indexed_profiles(
    profile_ids: Iterable[int],
    offer: OfferFacts,
    *,
    as_of: date,
    hints_for: Collection[int] = (),
    using: str = "default",
) -> dict[int, VisaFit]:
    """Visa fit of indexed profiles, without reading a profile whose answer this process has.

    Every change to a profile gives its index row a new seq (``matching.services``), so the row's
    seq and write time name the version of the profile's data: with the offer, the date, the
    language, the rules and the lists they make a key that can never answer for other data. One
    query reads those versions; only the profiles missing from the cache are read and evaluated.
    """
    ids = list(dict.fromkeys(profile_ids))
    versions = {
        pk: f"{seq}:{updated_at.isoformat()}"
        for pk, seq, updated_at in ProfileVector.objects.using(using)
        .filter(pk__in=ids)
        .values_list("pk", "seq", "updated_at")
    }
    parameter_set = baseline()
    context = "|".join(
        (
            as_of.isoformat(),
            current_language(),
            parameter_set.digest,
            policy_selectors.current_catalogue_version(),
            json.dumps(offer_data(offer), sort_keys=True),
        )
    )
    wanted_hints = set(hints_for)
    keys = {pk: hashlib.sha256(f"{context}|{pk}:{versions[pk]}".encode()).hexdigest() for pk in ids if pk in versions}
    results: dict[int, VisaFit] = {}
    missing: list[int] = []
    for pk in ids:
        cached = _cache.get(keys[pk]) if pk in keys else None
        if cached is not None and (cached[1] or pk not in wanted_hints):
            results[pk] = cached[0]
        else:
            missing.append(pk)
    if missing:
        computed = visa_fit_for_applicants(
            applicant_data_for_profiles(missing, using=using),
            offer,
            as_of=as_of,
            hints_for=[pk for pk in missing if pk in wanted_hints],
        )
        for pk, fit in computed.items():
            results[pk] = fit
            if pk in keys:
                _cache.put(keys[pk], fit, pk in wanted_hints)
    return results


def applicant_data_for_profiles(profile_ids: Iterable[int], *, using: str = "default") -> dict[int, dict[str, Any]]:
    """The profiles in the engine's interchange format, in four queries whatever their number.

    The same dictionaries as ``policy.selectors.applicant_data_from_profile`` (a test proves it),
    read as plain rows: building model instances for two hundred profiles and their entries cost
    more than the engine's answer for them.
    """
    ids = list(profile_ids)
    if not ids:
        return {}
    data: dict[int, dict[str, Any]] = {}
    for pk, birth_date, nationality in (
        TalentProfile.objects.using(using).filter(pk__in=ids).values_list("pk", "birth_date", "nationality")
    ):
        data[pk] = {
            "person": {
                "birth_date": birth_date.isoformat() if birth_date else None,
                "nationality": nationality or None,
            },
            "education": [],
            "experience": [],
            "languages": [],
        }
    levels = policy_selectors.ENGINE_EDUCATION_LEVELS
    for profile_id, level, field, institution, country, completed_on in (
        Education.objects.using(using)
        .filter(profile_id__in=ids)
        .order_by("-level", "-completed_on", "id")
        .values_list("profile_id", "level", "field", "institution", "country", "completed_on")
    ):
        if level in levels and profile_id in data:
            data[profile_id]["education"].append(
                {
                    "level": levels[level],
                    "field": field,
                    "institution": institution,
                    "country": country or None,
                    "completed": completed_on.isoformat() if completed_on else None,
                }
            )
    for profile_id, organization, kind, field, started_on, ended_on, postdoctoral in (
        Experience.objects.using(using)
        .filter(profile_id__in=ids)
        .order_by("-started_on", "id")
        .values_list(
            "profile_id", "organization", "organization_kind", "field", "started_on", "ended_on", "is_postdoctoral"
        )
    ):
        if profile_id in data:
            data[profile_id]["experience"].append(
                {
                    "organization": organization,
                    "kind": kind,
                    "field": field,
                    "start": started_on.isoformat(),
                    "end": ended_on.isoformat() if ended_on else None,
                    "postdoctoral": postdoctoral,
                }
            )
    for profile_id, language, test, score in (
        LanguageEntry.objects.using(using)
        .filter(profile_id__in=ids, test__in=(LanguageTest.TOPIK, LanguageTest.KIIP))
        .order_by("id")
        .values_list("profile_id", "language", "test", "level")
    ):
        if score.isdigit() and profile_id in data:
            data[profile_id]["languages"].append({"language": language, "test": test.upper(), "level": int(score)})
    return data


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
