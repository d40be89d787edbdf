"""The address book in the desk: the recipients by list, add, edit and remove (editors and admins)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from zhoubao.app.recipients import RecipientsRefused, recipients, remove_recipient, save_recipient
from zhoubao.archive.models import Recipient
from zhoubao.web.forms import RecipientForm
from zhoubao.web.views.common import EDIT, VIEW, desk_view


def _lists() -> list[tuple[str, list[Recipient]]]:
    grouped: dict[str, list[Recipient]] = {}
    for r in recipients():
        grouped.setdefault(r.list, []).append(r)
    return list(grouped.items())


def _save(request: HttpRequest, form: RecipientForm, pk: int | None) -> Recipient | None:
    if not form.is_valid():
        return None
    try:
        return save_recipient(pk, form.cleaned_data, actor=request.user.get_username(), user=request.user)
    except RecipientsRefused as exc:
        form.add_error(None, str(exc))
        return None


@desk_view(VIEW, methods=("GET", "POST"))
def recipient_list(request: HttpRequest) -> HttpResponse:
    """The address book, and the form that adds to it (posted here)."""
    form = RecipientForm(request.POST or None)
    if request.method == "POST":
        if not EDIT(request.user):
            messages.error(request, "你的角色没有权限修改通讯录。")
            return redirect("recipients")
        saved = _save(request, form, None)
        if saved is not None:
            messages.success(request, f"已添加收件人 {saved.email}（{saved.list}）。")
            return redirect("recipients")
    people = _lists()
    return render(request, "desk/recipients.html", {"lists": people, "form": form,
                                                    "total": sum(len(rs) for _l, rs in people)})


@desk_view(EDIT, methods=("GET", "POST"))
def recipient_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Recipient, pk=pk)
    initial = {"list": person.list, "unit": person.unit, "name": person.name, "email": person.email}
    form = RecipientForm(request.POST or None, initial=initial)
    if request.method == "POST":
        saved = _save(request, form, pk)
        if saved is not None:
            messages.success(request, f"已保存收件人 {saved.email}。")
            return redirect("recipients")
    return render(request, "desk/recipient_form.html", {"form": form, "person": person})


@desk_view(EDIT, methods=("POST",))
def recipient_remove(request: HttpRequest, pk: int) -> HttpResponse:
    gone = remove_recipient(pk, actor=request.user.get_username(), user=request.user)
    if gone is not None:
        messages.success(request, f"已从名单“{gone.list}”中删除 {gone.email}。")
    return redirect("recipients")
