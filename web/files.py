"""GET /files/{token}/{name}: a leader's file behind a short-lived signed link.

A token that is malformed, tampered with, expired, made for another kind of file, or for a tenant
no longer on ALLOWED_TENANTS gets 403; a valid token whose person is gone (erased) or whose file
does not exist (no diploma yet) gets 404. Neither says more than one Swedish sentence, and no
response is cached or sent on as a referrer.
"""

from __future__ import annotations

import logging
from urllib.parse import quote

from aiohttp import web

from chat.tenants import AllowedTenants
from content.models import Content
from workbook.files import WorkbookFiles
from workbook.links import FileKind, InvalidLink

log = logging.getLogger(__name__)

FILES = web.AppKey("workbook_files", WorkbookFiles)
CONTENT = web.AppKey("files_content", Content)
TENANTS = web.AppKey("files_tenants", AllowedTenants)
_PRIVATE = {
    "Cache-Control": "no-store, private",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Robots-Tag": "noindex",
}


def add_routes(
    app: web.Application,
    files: WorkbookFiles,
    content: Content,
    tenants: AllowedTenants | None = None,
) -> None:
    app[FILES] = files
    app[CONTENT] = content
    app[TENANTS] = tenants or AllowedTenants()
    app.router.add_get("/files/{token}/{name}", _file)


async def _file(request: web.Request) -> web.Response:
    files, texts = request.app[FILES], request.app[CONTENT].workbook
    try:
        kind = FileKind(request.match_info["name"])
        claims = files.links.signer.verify(request.match_info["token"], kind)
    except (ValueError, InvalidLink) as error:
        log.info("refused a file link: %s", error)
        return _refusal(403, texts.link_refused)
    if not request.app[TENANTS].allows(claims.tenant_id):
        log.warning("refused a file link of tenant %s: not on ALLOWED_TENANTS", claims.tenant_id)
        return _refusal(403, texts.link_refused)
    body = await files.render(claims)
    if body is None:
        return _refusal(404, texts.link_gone)
    disposition = "inline" if body.inline else "attachment"
    headers = {
        **_PRIVATE,
        "Content-Type": body.content_type,
        "Content-Disposition": f"{disposition}; filename*=UTF-8''{quote(body.filename)}",
    }
    return web.Response(body=body.data, headers=headers)


def _refusal(status: int, message: str) -> web.Response:
    return web.Response(
        status=status, text=message, content_type="text/plain", charset="utf-8", headers=_PRIVATE
    )
