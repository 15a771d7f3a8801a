"""schemathesis against the OpenAPI schema: no request the schema allows makes the server fail."""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, given, settings  # noqa: E402

from redline.web.app import create_app  # noqa: E402

from ..conftest import EXAMPLES  # noqa: E402


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    from redline import api

    db = str(tmp_path_factory.mktemp("schema") / "s.db")
    api.ingest([EXAMPLES], db=db)
    return create_app(db)


def test_no_server_error(app):
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    failures, calls = [], []
    for operation in schema.get_all_operations():
        op = operation.ok()
        if op.method.upper() != "GET":
            continue  # uploads and model runs are tested on their own; the fuzzing reads

        @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(case=op.as_strategy())
        def check(case):
            response = case.call()
            calls.append(response.status_code)
            if response.status_code >= 500:
                failures.append((case.method, case.formatted_path, response.status_code))

        check()
    assert not failures, failures
    assert len(calls) >= 50 and 200 in calls  # it did fuzz, and reached real pages
