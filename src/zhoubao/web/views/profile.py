"""Profile settings: sections, footer, house style, highlights — stored on Profile.config (zhoubao.toml is the seed)."""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from zhoubao.archive.models import Profile, audit
from zhoubao.review.workflow import actor
from zhoubao.web.forms import ProfileForm, SectionFormSet, lines
from zhoubao.web.views.common import CONFIGURE, desk_view


def _profile(request: HttpRequest) -> Profile:
    key = request.GET.get("key") or request.POST.get("key")
    qs = Profile.objects.order_by("id")
    profile = qs.filter(key=key).first() if key else qs.first()
    if profile is None:
        from zhoubao.archive.profiles import sync_profile
        from zhoubao.web.views.common import home_settings

        profile = sync_profile(home_settings())
    return profile


def _initial(cfg: dict[str, Any], profile: Profile) -> dict[str, Any]:
    f = cfg.get("footer", {})
    return {
        "title": profile.title, "publisher": profile.publisher, "highlights": cfg.get("highlights", 5),
        "bullet": cfg.get("bullet", "◆"), "cjk_spacing": cfg.get("cjk_spacing", "none"),
        "allow_self_approval": bool(cfg.get("allow_self_approval", False)),
        "office": f.get("office", ""), "editors": "\n".join(f.get("editors", [])),
        "reviewers": "\n".join(f.get("reviewers", [])), "note": f.get("note", ""),
        "report_to": "\n".join(f.get("report_to", [])), "send_to": "\n".join(f.get("send_to", [])),
    }


@desk_view(CONFIGURE, methods=("GET", "POST"))
def profile_settings(request: HttpRequest) -> HttpResponse:
    profile = _profile(request)
    cfg = dict(profile.config)
    sections_initial = [{"name": s.get("name", ""), "description": s.get("description", ""),
                         "keywords": "，".join(s.get("keywords", [])), "group_by": s.get("group_by", ""),
                         "ORDER": n + 1} for n, s in enumerate(cfg.get("sections", []))]
    form = ProfileForm(request.POST or None, initial=_initial(cfg, profile))
    formset = SectionFormSet(request.POST or None, initial=sections_initial, prefix="sec")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        c = form.cleaned_data
        before = dict(cfg)
        sections = []
        for f in formset.ordered_forms:
            d = f.cleaned_data
            if not d or d.get("DELETE") or not d.get("name", "").strip():
                continue
            kws = [k for k in re.split(r"[,，、\s]+", d.get("keywords", "")) if k]
            sections.append({"name": d["name"].strip(), "description": d.get("description", "").strip(),
                             "keywords": kws, "group_by": d.get("group_by", "")})
        cfg.update({
            "title": c["title"], "publisher": c["publisher"], "highlights": c["highlights"], "bullet": c["bullet"],
            "cjk_spacing": c["cjk_spacing"], "allow_self_approval": c["allow_self_approval"], "sections": sections,
            "footer": {"office": c["office"], "editors": lines(c["editors"]), "reviewers": lines(c["reviewers"]),
                       "note": c["note"], "report_to": lines(c["report_to"]), "send_to": lines(c["send_to"])},
        })
        with transaction.atomic():
            profile.title, profile.publisher, profile.config = c["title"], c["publisher"], cfg
            profile.save(update_fields=["title", "publisher", "config", "updated"])
            audit("profile", actor=actor(request.user), user=request.user, before=before, after=cfg)
        messages.success(request, "简报设置已保存。")
        return redirect("profile_settings")
    return render(request, "desk/profile.html", {"form": form, "formset": formset, "profile": profile,
                                                 "profiles": Profile.objects.order_by("id")})
