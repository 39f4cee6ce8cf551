from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check, marking the request when it refuses a locked user name: the
    failed-login receiver then counts the attempt instead of auditing it (accounts.signals). The
    mark is set before Django sends user_login_failed, so it does not depend on the order of
    the signal's receivers."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        try:
            return super().authenticate(request, username, password, **kwargs)
        except AxesBackendPermissionDenied:
            request.login_refused_while_locked = True
            raise
