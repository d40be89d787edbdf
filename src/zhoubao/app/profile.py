"""The weekly's profile: kept in step with zhoubao.toml, edited in the desk, read typed everywhere."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction

from zhoubao.archive.models import Profile, audit
from zhoubao.archive.profiles import sync_profile, with_desk_profile
from zhoubao.conf.errors import ConfigError
from zhoubao.conf.settings import ProfileSpec, Settings
from zhoubao.errors import DeskError
from zhoubao.review.workflow import actor

__all__ = ["current_profile", "save_profile", "sync_profile", "with_desk_profile"]


def current_profile(settings: Settings, key: str | None = None) -> Profile:
    """The stored profile with this key (default: the first), created from settings when there is none."""
    qs = Profile.objects.order_by("id")
    profile = qs.filter(key=key).first() if key else qs.first()
    return profile if profile is not None else sync_profile(settings)


def save_profile(profile: Profile, changes: Mapping[str, Any], sections: Sequence[Mapping[str, Any]], *,
                 user: Any) -> Profile:
    """Apply the desk's edits. A section keeps the keys the form does not show (its ranking weight, how it gives
    highlights): renaming or reordering a section in the desk keeps what it does."""
    cfg = dict(profile.config)
    before = dict(cfg)
    old = list(cfg.get("sections", []))
    by_name = {s.get("name"): s for s in old}
    merged: list[dict[str, Any]] = []
    for sec in sections:
        # Matched by its former name when the form carries it, else by name, else a new section.
        prior = by_name.get(sec.get("was") or sec.get("name")) or {}
        merged.append({**prior, **{k: v for k, v in sec.items() if k != "was"}})
    cfg.update({k: v for k, v in changes.items()})
    cfg["sections"] = merged
    if cfg.get("fallback_section") not in [s["name"] for s in merged]:
        renamed = next((s["name"] for s in sections if s.get("was") == cfg.get("fallback_section")), None)
        if renamed:
            cfg["fallback_section"] = renamed
    try:
        ProfileSpec.from_table(cfg)  # the same validation as zhoubao.toml's [profile]
    except ConfigError as exc:
        raise DeskError(f"设置有误：{exc}") from None
    with transaction.atomic():
        profile.title, profile.publisher, profile.config = cfg["title"], cfg["publisher"], cfg
        profile.save(update_fields=["title", "publisher", "config", "updated"])
        audit("profile", actor=actor(user), user=user, before=before, after=cfg)
    return profile
