"""Login with throttling (failures per user name and client address), logout, health check."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
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


def _key(request: HttpRequest) -> str:
    name = str(request.POST.get("username", "")).strip().lower()[:150]
    return f"{name}|{client_ip(request)}"


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
        if LoginFailure.objects.filter(key=key, when__gte=window).count() >= settings.ZHOUBAO_LOGIN_FAILURES:
            form = self.get_form()
            form.errors.clear()
            minutes = settings.ZHOUBAO_LOGIN_WINDOW_SECONDS // 60
            ctx = self.get_context_data(form=form, locked=f"登录失败次数过多，请 {minutes} 分钟后再试。")
            return self.render_to_response(ctx, status=429)
        response = super().post(request, *args, **kwargs)
        if request.user.is_authenticated:
            LoginFailure.objects.filter(key=key).delete()
        else:
            LoginFailure.objects.filter(when__lt=window).delete()
            LoginFailure.objects.create(key=key)
        return response


login_view = never_cache(LoginView.as_view())
logout_view = auth_views.LogoutView.as_view()


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
