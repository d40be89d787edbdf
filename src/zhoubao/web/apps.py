"""The editorial desk as a Django app (templates, static files, template tags)."""

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "zhoubao.web"
    label = "desk"
    verbose_name = "编辑台"
