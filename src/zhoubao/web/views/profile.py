"""Profile settings: sections, footer, house style, highlights — stored on Profile.config (zhoubao.toml is the seed)."""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from zhoubao.app.profile import current_profile, save_profile
from zhoubao.archive.models import Profile
from zhoubao.web.forms import ProfileForm, SectionFormSet, lines
from zhoubao.web.views.common import CONFIGURE, desk_view, home_settings


def _profile(request: HttpRequest) -> Profile:
    return current_profile(home_settings(), request.GET.get("key") or request.POST.get("key"))


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
    sections_initial = [{"was": s.get("name", ""), "name": s.get("name", ""), "description": s.get("description", ""),
                         "keywords": "，".join(s.get("keywords", [])), "group_by": s.get("group_by", ""),
                         "ORDER": n + 1} for n, s in enumerate(cfg.get("sections", []))]
    form = ProfileForm(request.POST or None, initial=_initial(cfg, profile))
    formset = SectionFormSet(request.POST or None, initial=sections_initial, prefix="sec")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        c = form.cleaned_data
        sections = []
        for f in formset.ordered_forms:
            d = f.cleaned_data
            if not d or d.get("DELETE") or not d.get("name", "").strip():
                continue
            kws = [k for k in re.split(r"[,，、\s]+", d.get("keywords", "")) if k]
            sections.append({"was": d.get("was", ""), "name": d["name"].strip(),
                             "description": d.get("description", "").strip(), "keywords": kws,
                             "group_by": d.get("group_by", "")})
        changes = {
            "title": c["title"], "publisher": c["publisher"], "highlights": c["highlights"], "bullet": c["bullet"],
            "cjk_spacing": c["cjk_spacing"], "allow_self_approval": c["allow_self_approval"],
            "footer": {"office": c["office"], "editors": lines(c["editors"]), "reviewers": lines(c["reviewers"]),
                       "note": c["note"], "report_to": lines(c["report_to"]), "send_to": lines(c["send_to"])},
        }
        save_profile(profile, changes, sections, user=request.user)
        messages.success(request, "简报设置已保存。")
        return redirect("profile_settings")
    return render(request, "desk/profile.html", {"form": form, "formset": formset, "profile": profile,
                                                 "profiles": Profile.objects.order_by("id")})
