"""Desk fixtures: a week of reports built into a draft through the real build, and one user per role."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from zhoubao.app import build as building
from zhoubao.archive.models import Issue, Report
from zhoubao.conf.settings import Settings, load

TZ = ZoneInfo("Asia/Shanghai")
PASSWORD = "desk-test-password-1"
ROLES = ("editor", "reviewer", "admin")


@pytest.fixture(autouse=True)
def _desk_settings(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # pytest-django imports the Django settings before tests/conftest.py sets ZHOUBAO_HOME: point the desk
    # at the scratch home explicitly so published files never land in the working tree.
    settings.ZHOUBAO_HOME = os.environ["ZHOUBAO_HOME"]


@pytest.fixture(autouse=True)
def _jobs_inline() -> Any:
    """Desk actions that are jobs (生成草稿, 发布) run inside the request here, so a test drives the whole flow;
    tests/jobs runs them on a real worker."""
    from zhoubao.jobs.tasks import run_inline

    run_inline(True)
    yield
    run_inline(False)


@pytest.fixture
def home() -> Settings:
    return load(Path(os.environ["ZHOUBAO_HOME"]))


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2025, 6, day, hour, tzinfo=TZ)


def report(url: str, title: str, text: str, when: datetime, outlet: str = "新华网", kind: str = "state_media") -> Report:
    return Report.objects.create(url=url, title=title, text=text, published=when, outlet=outlet, outlet_kind=kind,
                                 fingerprint=url, html=f"<p>{text}</p>")


def make_week() -> None:
    notice = "国家广播电视总局6月3日发布通知，要求各网络视听平台加强微短剧管理，落实主体责任。通知自发布之日起施行。"
    report("https://www.nrta.gov.cn/a/1.html", "国家广播电视总局关于加强微短剧管理的通知", notice, at(3), "国家广播电视总局", "regulator")
    report("https://news.example.com/2.html", "广电总局发文加强微短剧管理_新浪科技", "据国家广电总局网站消息，" + notice, at(3, 15),
           "新浪科技", "media")
    report("https://ent.example.com/3.html", "爱奇艺网络剧《山海长歌》今晚开播",
           "6月5日，爱奇艺宣布网络剧《山海长歌》当晚开播，全剧共36集。该剧讲述丝路商旅故事。", at(5), "爱奇艺", "company")
    report("https://ent.example.com/4.html", "爱奇艺综艺《夏日合唱团》定档6月下旬",
           "近日，爱奇艺宣布综艺节目《夏日合唱团》定档6月下旬播出，共12期。", at(6), "爱奇艺", "company")
    report("https://biz.example.com/5.html", "哔哩哔哩发布第一季度财报：营收70亿元",
           "6月4日，哔哩哔哩公布第一季度财报，总营收70亿元，同比增长24%。净利润首次转正。", at(4), "界面新闻", "media")
    report("https://research.example.com/9.html", "QuestMobile报告：短视频用户规模达10亿",
           "6月7日，QuestMobile发布报告称，短视频用户规模达10亿，同比增长5%。", at(7), "QuestMobile", "research")
    report("https://sport.example.com/6.html", "中超联赛：申花2比1胜泰山", "比赛在上海举行，双方激战九十分钟。", at(4))


def build(settings: Settings) -> Issue:
    return building.build(settings, issue_date=date(2025, 6, 9)).issue


@pytest.fixture
def issue(db: Any, home: Settings) -> Issue:
    make_week()
    return build(home)


def make_user(name: str, role: str) -> Any:
    from django.contrib.auth import get_user_model

    from zhoubao.review.roles import set_role

    user = get_user_model().objects.create_user(username=name, password=PASSWORD)
    set_role(user, role)
    return user


@pytest.fixture
def users(db: Any) -> dict[str, Any]:
    return {role: make_user(role, role) for role in ROLES} | {"editor2": make_user("editor2", "editor")}


@pytest.fixture
def as_editor(client: Any, users: dict[str, Any]) -> Any:
    client.force_login(users["editor"])
    return client
