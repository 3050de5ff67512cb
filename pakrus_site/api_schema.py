"""Documents the API's error responses, which drf-spectacular does not infer: every
operation may be throttled, lists reject bad filters, writes need a token and a
permission, and deletes of referenced records are refused."""

ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
FIELD_ERRORS = {
    "type": "object",
    "description": "Messages by field name; `non_field_errors` for rules spanning fields.",
    "additionalProperties": {
        "oneOf": [
            {"type": "array", "items": {}},
            {"type": "object"},
            {"type": "string"},
        ]
    },
}
CONFLICT = {
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "referenced_by": {"type": "array", "items": {"type": "string"}},
    },
    "required": ["detail"],
}


def _response(description: str, schema_name: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_name}"}}},
    }


def document_errors(result, generator, request, public):
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.update({"Error": ERROR, "FieldErrors": FIELD_ERRORS, "Conflict": CONFLICT})
    for path, operations in result.get("paths", {}).items():
        is_detail = "{slug}" in path
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            extra = {
                "429": _response("Too many requests; see the Retry-After header.", "Error"),
                # A client that follows a link with an empty slug lands on the list URL.
                "405": _response("The method is not allowed at this address.", "Error"),
            }
            if method == "get":
                extra["400"] = _response("A filter or query value is invalid.", "FieldErrors")
                extra["404"] = _response("No such record, or a page past the end.", "Error")
            else:
                extra["400"] = _response("The data is invalid.", "FieldErrors")
                extra["401"] = _response("Writing needs a token.", "Error")
                extra["403"] = _response("The token's user lacks the permission.", "Error")
                if is_detail:
                    extra["404"] = _response("No such record.", "Error")
                if method == "delete":
                    extra["409"] = _response("Other records point at this one.", "Conflict")
            for code, response in extra.items():
                responses.setdefault(code, response)
    return result
