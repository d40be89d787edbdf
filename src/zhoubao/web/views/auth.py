"""Login with throttling (failures per user name and client address), logout, health check."""

from __future__ import annotations

import unicodedata
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from zhoubao.archive.models import LoginFailure
from zhoubao.web.forms import LoginForm


def client_ip(request: HttpRequest) -> str:
    if settings.ZHOUBAO_TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            # The address the nearest proxy saw is the last one; earlier ones are the client's own claims.
            return forwarded.split(",")[-1].strip()
    return str(request.META.get("REMOTE_ADDR", ""))


def identity(username: str) -> str:
    """Whom a login names: the account once resolved, else the name as Django's authentication reads it (NFKC)
    and case-folded — so ｖｉｃｔｉｍ, 𝐯𝐢𝐜𝐭𝐢𝐦, vⅰctim and VICTIM all spend one budget."""
    name = unicodedata.normalize("NFKC", str(username).strip())[:150]
    users = get_user_model()._default_manager
    field = get_user_model().USERNAME_FIELD
    found = (users.filter(**{field: name}).values_list("pk", flat=True).first()
             or users.filter(**{f"{field}__iexact": name}).values_list("pk", flat=True).first())
    if found is not None:
        return f"user:{found}"
    return "name:" + unicodedata.normalize("NFKC", name.casefold())


def _key(request: HttpRequest) -> str:
    return f"{identity(str(request.POST.get('username', '')))}|{client_ip(request)}"[:300]


class LoginView(auth_views.LoginView):
    """Django's login (which rotates the session key) plus a lock after repeated failures."""

    template_name = "desk/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True
    http_method_names = ["get", "post"]

    def dispatch(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
        if str(request.method).lower() not in self.http_method_names:
            return self.http_method_not_allowed(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        window = timezone.now() - timedelta(seconds=settings.ZHOUBAO_LOGIN_WINDOW_SECONDS)
        key = _key(request)
        # The attempt is counted before the password is checked (insert, then count): of many parallel tries
        # only the first ZHOUBAO_LOGIN_FAILURES can see a count within the budget, whatever their interleaving.
        attempt = LoginFailure.objects.create(key=key)
        if LoginFailure.objects.filter(key=key, when__gte=window).count() > settings.ZHOUBAO_LOGIN_FAILURES:
            attempt.delete()  # refused unchecked: the lock runs from the failures, not from these
            # An unbound form: validating the posted one would check the password all the same.
            form = self.authentication_form(request, initial={"username": str(request.POST.get("username", ""))[:150]})
            minutes = settings.ZHOUBAO_LOGIN_WINDOW_SECONDS // 60
            ctx = self.get_context_data(form=form, locked=f"登录失败次数过多，请 {minutes} 分钟后再试。")
            return self.render_to_response(ctx, status=429)
        response = super().post(request, *args, **kwargs)
        if request.user.is_authenticated:
            LoginFailure.objects.filter(key=key).delete()
        else:
            LoginFailure.objects.filter(when__lt=window).delete()  # the attempt stays: it is a failure
        return response


login_view = never_cache(LoginView.as_view())
logout_view = auth_views.LogoutView.as_view()


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
