"""The desk's 通讯录: editors and admins add, edit and remove recipients, as strictly checked as an import; others
only read it."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from zhoubao.archive.models import AuditEntry, Recipient


def _add(client: Any, **values: str) -> str:
    data = {"list": "报", "unit": "", "name": "", "email": "", **values}
    return client.post(reverse("recipients"), data, follow=True).content.decode()


def test_an_editor_adds_edits_and_removes(client: Any, users: dict[str, Any]) -> None:
    client.force_login(users["editor"])
    page = _add(client, list="报", unit="星河视频", name="张三", email="zhang@Example.COM")
    assert "已添加收件人 zhang@example.com" in page
    person = Recipient.objects.get()
    assert (person.list, person.unit, person.name, person.email) == ("报", "星河视频", "张三", "zhang@example.com")
    assert "星河视频" in page and reverse("recipient_edit", args=[person.pk]) in page
    # The same mailbox on the same list (whatever its case), and a bad address, are refused with a reason.
    assert "已有 ZHANG@example.com" in _add(client, list="报", email="ZHANG@example.com")
    refused = _add(client, list="发", email="张三 <zhang@example.com>")
    assert 'class="msg error"' in refused and Recipient.objects.count() == 1
    # The same mailbox on another list is another entry.
    _add(client, list="发", email="zhang@example.com")
    assert Recipient.objects.count() == 2
    edit = reverse("recipient_edit", args=[person.pk])
    assert 'value="zhang@example.com"' in client.get(edit).content.decode()
    saved = client.post(edit, {"list": "报", "unit": "星河视频", "name": "张三丰", "email": "zhang3@example.com"},
                        follow=True).content.decode()
    assert "已保存收件人 zhang3@example.com" in saved
    person.refresh_from_db()
    assert (person.name, person.email) == ("张三丰", "zhang3@example.com")
    bad = client.post(edit, {"list": "报", "email": "zhang3@example"}).content.decode()
    assert 'class="msg error"' in bad
    person.refresh_from_db()
    assert person.email == "zhang3@example.com"  # nothing changed
    gone = client.post(reverse("recipient_remove", args=[person.pk]), follow=True).content.decode()
    assert "已从名单“报”中删除 zhang3@example.com" in gone
    assert list(Recipient.objects.values_list("list", flat=True)) == ["发"]
    actions = list(AuditEntry.objects.filter(action__startswith="recipient_").values_list("action", flat=True))
    assert sorted(actions) == ["recipient_remove", "recipient_save", "recipient_save", "recipient_save"]


def test_a_reviewer_reads_but_does_not_change(client: Any, users: dict[str, Any]) -> None:
    person = Recipient.objects.create(list="报", unit="云帆科技", name="李四", email="li@yunfan.cn")
    client.force_login(users["reviewer"])
    page = client.get(reverse("recipients")).content.decode()
    assert "li@yunfan.cn" in page and "添加收件人" not in page
    assert reverse("recipient_edit", args=[person.pk]) not in page
    assert client.get(reverse("recipient_edit", args=[person.pk])).status_code == 403
    assert client.post(reverse("recipient_remove", args=[person.pk])).status_code == 403
    _add(client, email="x@example.com")
    assert Recipient.objects.count() == 1


def test_an_admin_may_change_and_the_page_needs_login(client: Any, users: dict[str, Any]) -> None:
    assert client.get(reverse("recipients")).status_code == 302
    client.force_login(users["admin"])
    _add(client, list="发", email="a@example.org")
    assert Recipient.objects.filter(email="a@example.org").exists()
    page = client.get(reverse("recipients")).content.decode()
    assert "<table" not in page  # one entry a line: nothing wider than a phone


def test_the_page_fits_a_phone(client: Any, users: dict[str, Any]) -> None:
    """The 通讯录 page as the desk serves it, laid out by Chromium 390 px wide with the desk's stylesheet: nothing
    wider than the screen (long unit names and addresses wrap)."""
    import re
    from pathlib import Path

    from tests.desk.test_browser import ARGS, CHROMIUM

    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed")
    for i in range(3):
        Recipient.objects.create(list="理事单位", unit="中国网络视听节目服务协会短视频工作委员会" * 2, name=f"张{i}",
                                 email=f"a-very-long-mailbox-name-{i}@subdomain.example-association.org.cn")
    client.force_login(users["editor"])
    html = client.get(reverse("recipients")).content.decode()
    html = re.sub(r"<(link|script)\b[^>]*>(</script>)?", "", html)  # no server here: the stylesheet is added below
    css = (Path(__file__).parents[2] / "src/zhoubao/web/static/desk/desk.css").read_text(encoding="utf-8")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True).new_page()
            page.set_content(html)
            page.add_style_tag(content=css)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert page.locator("li.recipient").count() == 3
        finally:
            browser.close()
    assert width <= 390, width
