"""The two sample passages most verifier tests cite ([1] a park article's opening, [2] the 50PB supercomputer)."""
from __future__ import annotations

import pytest

from rag.types import Hit

from tests.verify.support import passage


@pytest.fixture(scope="module")
def hits() -> list[Hit]:
    return [
        passage("新冠肺炎疫情虽然短期内", 420, title="服务企业复工复产要合", author="樊自甫"),
        passage("加大新型基础设施建设", 200),
    ]
