"""Signing in and out with OAuth: registering tootui on a server, the page where a person
approves it, trading the code they paste for a token, and revoking that token.

Sign-in uses the out-of-band flow (the server shows a code to paste back), so tootui
needs no web server of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, urlencode

from tootui.api.client.core import ClientCore, _server_message, _status_code
from tootui.api.errors import BadResponse, Rejected
from tootui.i18n import _

SCOPES = ["read", "write", "follow", "push"]  # OAuth scope names: never translated
OOB_REDIRECT = "urn:ietf:wg:oauth:2.0:oob"


def _is_credential(value: Any) -> bool:
    """A client id, secret or token as a server should send it: one word of text."""
    return isinstance(value, str) and bool(value) and not any(c.isspace() for c in value)


class OAuthCalls(ClientCore):
    """Sign-in (on a client made without a token) and sign-out."""

    def revoke(self, client_id: str, client_secret: str, token: str) -> None:
        """Revoke ``token`` on the server (sign out)."""

        def send() -> None:
            from mastodon.errors import (  # loaded by _call
                MastodonAPIError,
                MastodonNotFoundError,
                MastodonUnauthorizedError,
            )

            # A Mastodon object of its own: revoking clears the token it holds. Credentials
            # are set as attributes: Mastodon.py reads an argument naming a file as the file.
            api = self._mastodon_for(token)
            api.client_id, api.client_secret = client_id, client_secret
            try:
                # Over http only where tootui already talks to the server over http.
                api.revoke_access_token(allow_http=self.base_url.startswith("http://"))
            except MastodonNotFoundError:
                return  # nothing to revoke there: the token is of no use either way
            except MastodonUnauthorizedError as exc:
                # Here the client's credentials were refused, not the account's sign-in:
                # the server refused to sign out.
                raise MastodonAPIError(*exc.args) from exc

        self._call(_("sign out"), send)

    def register_app(self, name: str = "tootui", website: str | None = None) -> tuple[str, str]:
        """Register tootui as an OAuth app on this server: (client_id, client_secret)."""

        def send() -> tuple[str, str]:
            # Not Mastodon.create_app: it reads any answer as JSON without looking at the
            # status, so a refusal read as "cannot be reached" or "wrong shape".
            params = {"client_name": name, "scopes": " ".join(SCOPES)}
            params["redirect_uris"] = OOB_REDIRECT
            if website:
                params["website"] = website
            answer = self._request("POST", "/api/v1/apps", params)
            client_id = answer.get("client_id") if isinstance(answer, Mapping) else None
            secret = answer.get("client_secret") if isinstance(answer, Mapping) else None
            if not _is_credential(client_id) or not _is_credential(secret):
                raise BadResponse(
                    _("Could not {what}: {host} sent an answer of the wrong shape.").format(
                        what=_("register tootui with the server"), host=self.host
                    )
                )
            return str(client_id), str(secret)

        return self._call(_("register tootui with the server"), send)

    def authorize_url(self, client_id: str) -> str:
        """The page where the user approves tootui and is shown a code to paste back.

        Built without asking the server (``skip_server_info``): the page is the
        documented ``/oauth/authorize`` on the server's own host.
        """
        api = self._mastodon_for(None)
        api.client_id = client_id  # not the argument: Mastodon.py reads a file it names
        url = api.auth_request_url(
            redirect_uris=OOB_REDIRECT, scopes=SCOPES, force_login=True, skip_server_info=True
        )
        # Mastodon.py writes unset parameters as the word "None" (state=None&lang=None):
        # a server that reads them would see a state and a language nobody chose.
        base, _sep, query = url.partition("?")
        kept = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if v != "None"]
        return f"{base}?{urlencode(kept)}"

    def exchange_code(self, client_id: str, client_secret: str, code: str) -> str:
        """Trade the code the user pasted for an access token (``POST /oauth/token``).

        A refusal (400, or 401 which here means the code or the client, not a revoked
        token) is ``Rejected`` with the server's OAuth error in ``server_message``:
        ``invalid_grant`` for a wrong, used or expired code, ``invalid_client`` when the
        server no longer knows tootui's registration.

        Not Mastodon.py's ``log_in``: it parses the server's version afterwards (a
        ValueError on "takahe/0.10.1"), wraps a refusal into a sentence holding a tuple,
        and requires a ``scope`` field that OAuth makes optional.
        """

        what = _("finish signing in")

        def send() -> str:
            from mastodon.errors import MastodonAPIError  # loaded by _call

            params = {
                "grant_type": "authorization_code",
                "code": code.strip(),
                "client_id": client_id,
                "client_secret": client_secret,
                "redirect_uri": OOB_REDIRECT,
                "scope": " ".join(SCOPES),
            }
            try:
                answer = self._request("POST", "/oauth/token", params)
            except MastodonAPIError as exc:
                status = _status_code(exc)
                if status not in (400, 401):
                    raise
                reason = _server_message(exc)
                message = (
                    _("{host} refused to {what}: {reason}").format(
                        host=self.host, what=what, reason=reason
                    )
                    if reason
                    else _("{host} refused to {what}.").format(host=self.host, what=what)
                )
                raise Rejected(message, status=status, server_message=reason) from exc
            token = answer.get("access_token") if isinstance(answer, Mapping) else None
            if not _is_credential(token):
                raise BadResponse(
                    _("Could not {what}: {host} sent an answer of the wrong shape.").format(
                        what=what, host=self.host
                    )
                )
            return str(token)

        return self._call(what, send)
