"""Desk forms: login, adding reports, candidate filters, sources, profile settings."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from zhoubao.archive.models import OUTLET_KINDS as OUTLET_LABELS
from zhoubao.archive.models import Source

OUTLET_KINDS = [("", "（未指定）"), *OUTLET_LABELS.items()]
WEB_KINDS = [(k, v) for k, v in Source.Kind.choices if k != Source.Kind.FILES]  # no server paths from the web


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确。",
        "inactive": "该账号已停用。",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "用户名"
        self.fields["password"].label = "密码"


class BuildForm(forms.Form):
    date = forms.DateField(label="出刊日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


class OwnIds(forms.Form):
    """A form whose element ids carry its own mark (``addurl-url``, not ``id_url``): the issue page shows several
    forms with fields of the same name, and a label must point at its own field."""

    ids = "id_%s"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", self.ids)
        super().__init__(*args, **kwargs)


class ReportUrlForm(OwnIds):
    ids = "addurl-%s"
    url = forms.URLField(label="网址", max_length=2000, assume_scheme="https",
                         widget=forms.URLInput(attrs={"placeholder": "https://…"}))
    into_issue = forms.BooleanField(label="直接加入本期", required=False, initial=True)


class ReportTextForm(OwnIds):
    ids = "addtext-%s"
    # No max_length on title and text: a browser would cut a long paste short without a word (the use case
    # checks the length and says it, intake.pasted_problems).
    title = forms.CharField(label="标题", required=False)
    outlet = forms.CharField(label="来源媒体", max_length=200, required=False)
    url = forms.CharField(label="原文链接（可选）", max_length=2000, required=False)
    published = forms.DateTimeField(label="发布时间", required=False,
                                    widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    text = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 5}), required=False, strip=False)
    into_issue = forms.BooleanField(label="直接加入本期", required=False, initial=True)


class CandidateFilter(OwnIds):
    ids = "cand-%s"
    q = forms.CharField(label="搜索", required=False, max_length=100,
                        widget=forms.TextInput(attrs={"placeholder": "标题或正文关键词", "type": "search"}))
    section = forms.ChoiceField(label="栏目", required=False)
    outlet = forms.ChoiceField(label="来源", required=False)
    day = forms.DateField(label="首次报道日期", required=False,
                          widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    # The rank score as the words the page shows (重要度高 ≥ 4, 中 ≥ 3: templatetags/desk.py); a number in the
    # query (?min_score=2.5) still filters.
    min_score = forms.FloatField(label="重要度", required=False, min_value=0, widget=forms.Select(choices=[
        ("", "不限"), ("4", "高"), ("3", "中及以上")]))
    scope = forms.ChoiceField(label="范围", required=False, choices=[
        ("", "全部事件"), ("beat", "本行业"), ("off", "非本行业/已排除")])

    def __init__(self, *args: Any, sections: list[str], outlets: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", "全部栏目")] + [(s, s) for s in sections]  # type: ignore[attr-defined]
        self.fields["outlet"].choices = [("", "全部来源")] + [(o, o) for o in outlets]  # type: ignore[attr-defined]


class SourceForm(forms.ModelForm):
    pattern = forms.CharField(label="文章网址正则（列表页）", required=False, max_length=500)
    selector = forms.CharField(label="文章链接 CSS 选择器（列表页）", required=False, max_length=500)
    outlet_kind = forms.ChoiceField(label="来源性质", choices=OUTLET_KINDS, required=False)
    kind = forms.ChoiceField(label="类型", choices=WEB_KINDS)

    class Meta:
        model = Source
        fields = ["name", "url", "kind", "outlet_kind", "enabled", "disabled_reason"]
        labels = {"name": "名称", "url": "网址", "enabled": "启用", "disabled_reason": "停用原因"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance and self.instance.pk:
            self.fields["pattern"].initial = self.instance.options.get("pattern", "")
            self.fields["selector"].initial = self.instance.options.get("selector", "")
        self.fields["name"].required = False

    def clean_url(self) -> str:
        url = str(self.cleaned_data["url"]).strip()
        if not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError("只支持 http 或 https 网址。")
        return url

    def clean_pattern(self) -> str:
        import re

        p = str(self.cleaned_data.get("pattern") or "")
        try:
            re.compile(p)
        except re.error as exc:
            raise forms.ValidationError(f"正则表达式有误：{exc}") from None
        return p


class ProfileForm(forms.Form):
    title = forms.CharField(label="周报名称", max_length=200)
    publisher = forms.CharField(label="主办单位", max_length=200, required=False)
    highlights = forms.IntegerField(label="摘要条数", min_value=0, max_value=20)
    bullet = forms.CharField(label="摘要符号", max_length=4)
    cjk_spacing = forms.ChoiceField(label="中文与数字、字母之间", choices=[
        ("none", "不加空格（6月1日）"), ("space", "加空格（6 月 1 日）")])
    allow_self_approval = forms.BooleanField(label="允许唯一的编辑自己批准（自审）", required=False)
    office = forms.CharField(label="编辑部", max_length=200, required=False)
    editors = forms.CharField(label="责编（每行一个）", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    reviewers = forms.CharField(label="复核（每行一个）", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    note = forms.CharField(label="注", max_length=500, required=False)
    report_to = forms.CharField(label="报（每行一个）", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    send_to = forms.CharField(label="发（每行一个）", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SectionForm(forms.Form):
    # The section's name when the page was loaded: a renamed section keeps what the form does not show.
    was = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)
    name = forms.CharField(label="栏目名", max_length=64)
    description = forms.CharField(label="说明", required=False, max_length=500)
    keywords = forms.CharField(label="关键词（逗号或空格分隔）", required=False,
                               widget=forms.Textarea(attrs={"rows": 2}))
    group_by = forms.ChoiceField(label="分组", required=False, choices=[("", "不分组"), ("platform", "按平台/公司分组")])


class BaseSectionFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        names = [f.cleaned_data["name"].strip() for f in self.forms
                 if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("name")]
        if not names:
            raise forms.ValidationError("至少要有一个栏目。")
        if len(names) != len(set(names)):
            raise forms.ValidationError("栏目名不能重复。")


SectionFormSet = forms.formset_factory(SectionForm, formset=BaseSectionFormSet, extra=1, can_delete=True,
                                       can_order=True)


def lines(text: str) -> list[str]:
    return [x.strip() for x in str(text or "").splitlines() if x.strip()]


class SearchForm(forms.Form):
    """The archive search page (检索): the same query and filters as `zhoubao search`."""

    q = forms.CharField(label="检索词", required=False, max_length=200,
                        widget=forms.TextInput(attrs={"placeholder": "多个词须同时出现，如：爱奇艺 微短剧", "type": "search"}))
    start = forms.DateField(label="起", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    end = forms.DateField(label="止", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    section = forms.CharField(label="栏目", required=False, max_length=64)
    issue = forms.IntegerField(label="期号", required=False, min_value=1)


class RecipientForm(forms.Form):
    """One entry of the address book; the use case checks the address as strictly as an import."""

    list = forms.CharField(label="名单", max_length=100, help_text="如 报、发、理事单位",
                           widget=forms.TextInput(attrs={"autocomplete": "off"}))
    unit = forms.CharField(label="单位", max_length=200, required=False)
    name = forms.CharField(label="姓名", max_length=100, required=False)
    email = forms.CharField(label="邮箱", max_length=254,
                            widget=forms.EmailInput(attrs={"autocomplete": "off", "inputmode": "email"}))
