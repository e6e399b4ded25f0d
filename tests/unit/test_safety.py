import pytest

from auth.safety import safe_next


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/x",
        "/\\evil.example",
        "javascript:alert(1)",
        "evil.example",
        "/\x00x",
        "",
        None,
    ],
)
def test_offsite_or_odd_targets_fall_back_home(target):
    assert safe_next(target) == "/"


def test_local_paths_are_kept():
    assert safe_next("/?gebied=GM0153&periode=4w") == "/?gebied=GM0153&periode=4w"
