"""[[deliver.webhook]]: each robot takes [deliver.webhook_defaults] for what it leaves out, and a bad kind, URL or a
robot named twice is refused with the key to fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from zhoubao.conf import settings as cfg


def _load(tmp_path: Path, text: str) -> cfg.Settings:
    (tmp_path / cfg.CONFIG_NAME).write_text(text, encoding="utf-8")
    return cfg.load(tmp_path, env={})


def test_robots_take_the_defaults(tmp_path: Path) -> None:
    s = _load(tmp_path, '[deliver]\nbase_url = "https://desk.example.org"\nwebhook_allow = ["127.0.0.1:9000"]\n'
                        '[[deliver.webhook]]\nkind = "feishu"\nurl = "https://open.feishu.cn/open-apis/bot/v2/hook/x"\n'
                        'secret_env = "FS"\n[[deliver.webhook]]\nurl = "http://127.0.0.1:9000/hook"\nname = "内网"\n')
    feishu, plain = s.deliver.webhook
    assert (feishu.kind, feishu.secret_env, feishu.content, feishu.target) == ("feishu", "FS", "summary",
                                                                               "feishu:open.feishu.cn")
    assert (plain.kind, plain.secret_env, plain.target) == ("json", "", "json:内网")
    assert s.deliver.webhook_allow == frozenset({"127.0.0.1:9000"})
    (tmp_path / "none").mkdir()
    assert cfg.load(tmp_path / "none", env={}).deliver.webhook == ()


@pytest.mark.parametrize(("body", "why"), [
    ('[[deliver.webhook]]\nkind = "wechat"\nurl = "https://x.example/h"\n', r"deliver\.webhook\[0\]\.kind"),
    ('[[deliver.webhook]]\nkind = "wecom"\nurl = "ftp://x.example/h"\n', r"deliver\.webhook\[0\]\.url"),
    ('[[deliver.webhook]]\nkind = "wecom"\nurl = "https://x.example/h"\ncontent = "all"\n', r"\.content"),
    ('[[deliver.webhook]]\nkind = "wecom"\nurl = "https://x.example/h"\nsecret = "s"\n', r"未知设置"),
    ('[[deliver.webhook]]\nkind = "wecom"\nurl = "https://x.example/a"\n'
     '[[deliver.webhook]]\nkind = "wecom"\nurl = "https://x.example/b"\n', r"重复"),
    ('[deliver]\nbase_url = "desk.example.org"\n', r"deliver\.base_url"),
])
def test_bad_robots_are_refused(tmp_path: Path, body: str, why: str) -> None:
    with pytest.raises(cfg.ConfigError, match=why):
        _load(tmp_path, body)


def test_no_environment_variable_sets_a_robot() -> None:
    names = cfg.env_names(cfg.defaults())
    assert "ZHOUBAO_DELIVER_BASE_URL" in names and "ZHOUBAO_DELIVER_WEBHOOK_ALLOW" in names
    assert not any(n.startswith(("ZHOUBAO_DELIVER_WEBHOOK_DEFAULTS", "ZHOUBAO_DELIVER_WEBHOOK_KIND")) for n in names)
    assert "ZHOUBAO_DELIVER_WEBHOOK" not in names
