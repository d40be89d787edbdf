"""Keep the stored Profile in step with the [profile] table of zhoubao.toml."""

from __future__ import annotations

import hashlib
import json

from zhoubao.archive.models import Profile
from zhoubao.conf.settings import ProfileSpec, Settings


def sync_profile(settings: Settings) -> Profile:
    """Create or update the profile from settings (the file is the source of truth for now)."""
    cfg = settings.profile.table()
    cfg["timezone"] = settings.timezone
    digest = hashlib.sha256(json.dumps(cfg, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    profile, created = Profile.objects.get_or_create(
        key=cfg["key"],
        defaults={"title": cfg["title"], "publisher": cfg["publisher"], "first_number": cfg["first_number"],
                  "config": cfg, "config_hash": digest},
    )
    if not created and profile.config_hash != digest:
        profile.title, profile.publisher = cfg["title"], cfg["publisher"]
        profile.first_number, profile.config, profile.config_hash = cfg["first_number"], cfg, digest
        profile.save()
    return profile


def with_desk_profile(settings: Settings, profile: Profile) -> Settings:
    """Settings whose profile is the stored profile: what editors changed in the desk (sections, keywords,
    highlights, footer) applies to builds until zhoubao.toml's [profile] itself changes (then the file wins)."""
    current = settings.profile.table()
    edited = {k: v for k, v in (profile.config or {}).items() if k in current}
    if all(current.get(k) == v for k, v in edited.items()):
        return settings
    return settings.with_profile(ProfileSpec.from_table({**current, **edited}))
