from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    """No open sign-up: people join through an invitation link (see `invitation_accept`)."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False
