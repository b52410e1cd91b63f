"""The OpenAPI 3.1 document of the ``/v1`` API, drawn from the operations table."""

from __future__ import annotations

from app.authority.operations import OPERATIONS

ERROR_SCHEMA: dict[str, object] = {
    "type": "object",
    "properties": {"error": {"type": "string"}, "message": {"type": "string"}},
}


def openapi_document(version: str) -> dict[str, object]:
    paths: dict[str, object] = {
        "/v1/health": {"get": {"summary": "Liveness and database reachability", "security": []}},
        "/metrics": {"get": {"summary": "Prometheus metrics", "security": []}},
    }
    for operation in OPERATIONS:
        parameters = []
        if operation.changes_state:
            parameters.append(
                {
                    "name": "Idempotency-Key",
                    "in": "header",
                    "required": True,
                    "description": "A retry with the same key returns the first answer",
                    "schema": {"type": "string", "maxLength": 200},
                }
            )
        paths[operation.path] = {
            "post": {
                "summary": operation.summary,
                "parameters": parameters,
                "requestBody": {
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {name: {} for name in operation.fields},
                            }
                        }
                    }
                },
                "responses": {
                    "200": {"description": "the answer"},
                    "400": {"description": "bad input", "content": _error()},
                    "403": {"description": "kiosk certificate refused", "content": _error()},
                    "409": {"description": "a rule refused it", "content": _error()},
                    "422": {"description": "the store refused it", "content": _error()},
                },
            }
        }
    return {
        "openapi": "3.1.0",
        "info": {"title": "NemID kiosk fleet authority", "version": version},
        "components": {"securitySchemes": {"kioskCertificate": {"type": "mutualTLS"}}},
        "security": [{"kioskCertificate": []}],
        "paths": paths,
    }


def _error() -> dict[str, object]:
    return {"application/json": {"schema": ERROR_SCHEMA}}
