"""The OpenAPI docs at /docs, offline: Swagger UI's script and stylesheet served from the installed
`swagger_ui_bundle` package (no CDN), under a Content-Security-Policy of their own.

The bundle is Swagger UI 4, which reads OpenAPI 3.0 only; FastAPI writes 3.1. The page therefore reads a
3.0 rendering of the schema (/docs/openapi-3.0.json); /api/openapi.json stays the 3.1 original."""
from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response

DOCS_URL = "/docs"
SCHEMA_30_URL = "/docs/openapi-3.0.json"
STATIC = "/static/swagger"
ASSETS = {"swagger-ui-bundle.js": "text/javascript; charset=utf-8", "swagger-ui.css": "text/css; charset=utf-8",
          "favicon-32x32.png": "image/png"}
REQUIRED = ("swagger-ui-bundle.js", "swagger-ui.css")


def swagger_folder() -> tuple[Path | None, str]:
    """The folder holding Swagger UI's files, or None and why not."""
    try:
        from swagger_ui_bundle import swagger_ui_path
    except ImportError as e:
        return None, f"the swagger-ui-bundle package is not installed ({e})"
    folder = Path(swagger_ui_path)
    missing = [n for n in REQUIRED if not (folder / n).is_file()]
    if missing:
        return None, f"the swagger-ui-bundle package lacks {', '.join(missing)}"
    return folder, ""


def as_openapi_30(node):
    """A copy of an OpenAPI 3.1 document as 3.0 sees it: the version field, and null types as `nullable`
    (`anyOf: [X, {type: null}]` → X, nullable; `type: [X, "null"]` → X, nullable); `examples` → `example`."""
    if isinstance(node, list):
        return [as_openapi_30(x) for x in node]
    if not isinstance(node, dict):
        return node
    out = {k: as_openapi_30(v) for k, v in node.items()}
    if isinstance(out.get("openapi"), str) and out["openapi"].startswith("3.1"):
        out["openapi"] = "3.0.3"
    for key in ("anyOf", "oneOf"):
        alts = out.get(key)
        if isinstance(alts, list) and {"type": "null"} in alts:
            rest = [a for a in alts if a != {"type": "null"}]
            out.pop(key)
            out["nullable"] = True
            if len(rest) == 1 and isinstance(rest[0], dict) and "$ref" not in rest[0]:
                out = {**rest[0], **out}
            elif rest:
                out[key] = rest
    if isinstance(out.get("type"), list):
        types = [t for t in out["type"] if t != "null"]
        if len(types) < len(out["type"]):
            out["nullable"] = True
        out["type"] = types[0] if len(types) == 1 else types
    if isinstance(out.get("examples"), list) and "schema" not in out and "content" not in out:
        out["example"] = out.pop("examples")[0] if out["examples"] else None
    return out


def _inline_script_hashes(html: str) -> list[str]:
    """CSP source expressions for each inline <script> of a page."""
    return ["'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"
            for body in re.findall(r"<script>(.*?)</script>", html, flags=re.S)]


def docs_page(openapi_url: str, title: str) -> tuple[str, str]:
    """Swagger UI's page pointing at the local assets, and the CSP that lets only it run."""
    html = get_swagger_ui_html(
        openapi_url=openapi_url, title=title, swagger_js_url=f"{STATIC}/swagger-ui-bundle.js",
        swagger_css_url=f"{STATIC}/swagger-ui.css", swagger_favicon_url=f"{STATIC}/favicon-32x32.png",
        swagger_ui_parameters={"validatorUrl": None}).body.decode("utf-8")
    csp = (f"default-src 'none'; script-src 'self' {' '.join(_inline_script_hashes(html))}; style-src 'self'; "
           "img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
    return html, csp


def add_docs(app: FastAPI, missing_page) -> dict[str, str]:
    """Routes for /docs and its assets. `missing_page(message)` renders the 404 shown when Swagger UI is
    not installed. Returns {path: CSP} for the middleware to set on the docs page."""
    folder, why = swagger_folder()
    if folder is None:
        message = (f"The API docs are not available: {why}. Install the web extra (pip install 'rashomon[web]'); "
                   f"the OpenAPI schema is at {app.openapi_url}.")

        @app.get(DOCS_URL, include_in_schema=False)
        def docs_missing():
            return missing_page(message)

        return {}
    html, csp = docs_page(SCHEMA_30_URL, f"{app.title} API")
    schema_30: dict = {}

    @app.get(DOCS_URL, include_in_schema=False)
    def docs():
        return HTMLResponse(html)

    @app.get(SCHEMA_30_URL, include_in_schema=False)
    def openapi_30():
        if not schema_30:
            schema_30.update(as_openapi_30(app.openapi()))
        return JSONResponse(schema_30)

    @app.get(STATIC + "/{name}", include_in_schema=False)
    def swagger_asset(name: str):
        if name not in ASSETS or not (folder / name).is_file():
            return Response(f"no asset {name!r}\n", status_code=404, media_type="text/plain; charset=utf-8")
        return FileResponse(folder / name, media_type=ASSETS[name], headers={"Cache-Control": "max-age=86400"})

    return {DOCS_URL: csp}
