"""A cache file is trusted only when it is the user's own, unaltered, and fits the FAQ."""

from __future__ import annotations

import math
import os
import pwd
import subprocess
import sys
from pathlib import Path

import pytest

import faqbot
from faqbot.commands import repl
from faqbot.matching import cache, restore
from faqbot.matching.off_topic import indexed

OFF_TOPIC = "Quels sont les risques du tabac ?"
ON_TOPIC = "c'est quoi llama"


def stored(folder: Path, faq: faqbot.FAQ) -> tuple[str, dict]:
    faqbot.Matcher(faq, cache_dir=folder)
    (path,) = folder.glob("*.matcher")
    key = path.name.removesuffix(".matcher")
    data = cache.load(folder, key)
    assert isinstance(data, dict)
    return key, data


def assert_learnt_again(folder: Path, faq: faqbot.FAQ) -> None:
    matcher = faqbot.Matcher(faq, cache_dir=folder)
    assert matcher.match(OFF_TOPIC) is None
    hit = matcher.match(ON_TOPIC)
    assert hit is not None and hit.entry.id == "llama"


def calibration_with(data: dict, **fields: object) -> dict:
    calibration = faqbot.Calibration(*data["calibration"])._replace(**fields)
    return {**data, "calibration": tuple(calibration)}


@pytest.mark.parametrize(
    "change",
    [
        lambda d: calibration_with(d, coverage_cutoff=math.nan),
        lambda d: calibration_with(d, coverage_cutoff=-50.0),
        lambda d: calibration_with(d, coverage_cutoff=200.0),
        lambda d: calibration_with(d, trials="many"),
        lambda d: {**d, "index": {**d["index"], "exact": dict.fromkeys(d["index"]["exact"], 999)}},
        lambda d: {**d, "index": {**d["index"], "entry_counts": {"llama": 0}}},
        lambda d: {**d, "index": {**d["index"], "phrasings": [[["x"]]]}},
        lambda d: {**d, "extra": b"x" * 1000},
        lambda d: {**d, "index": {**d["index"], "unknown": 1}},
    ],
    ids=[
        "cutoff-nan",
        "cutoff-negative",
        "cutoff-200",
        "trials-text",
        "exact-999",
        "count-0",
        "phrasings",
        "extra-key",
        "extra-index-key",
    ],
)
def test_a_cache_of_the_right_shape_with_wrong_values_is_learnt_again(
    tmp_path: Path, faq: faqbot.FAQ, change: object
) -> None:
    folder = tmp_path / "cache"
    key, data = stored(folder, faq)
    # Whoever can write the file can also compute its digest: the values are checked too.
    cache.store(folder, key, change(data))  # type: ignore[operator]
    assert_learnt_again(folder, faq)


def test_postings_out_of_range_or_not_finite_are_refused(tmp_path: Path, faq: faqbot.FAQ) -> None:
    from array import array

    folder = tmp_path / "cache"
    key, data = stored(folder, faq)
    postings = dict(data["index"]["postings"])
    term = next(iter(postings))
    for numbers, weights in (([999], [0.5]), ([0], [math.inf]), ([-1], [0.5])):
        postings[term] = (array("i", numbers).tobytes(), array("d", weights).tobytes())
        cache.store(folder, key, {**data, "index": {**data["index"], "postings": postings}})
        assert_learnt_again(folder, faq)


def test_postings_that_all_point_at_one_huge_object_are_refused_in_little_memory(
    tmp_path: Path, faq: faqbot.FAQ
) -> None:
    folder = tmp_path / "cache"
    key, data = stored(folder, faq)
    huge = bytes(8 << 20)
    half = huge[: 4 << 20]
    postings = {f"t{n}": (half, huge) for n in range(20_000)}
    cache.store(folder, key, {**data, "index": {**data["index"], "postings": postings}})
    assert (folder / f"{key}.matcher").stat().st_size < 20 << 20  # marshal shares the object
    # Read without a check, this would take 240 GB; here it must fit in 1 GB.
    script = (
        "import resource, sys, faqbot\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
        "matcher = faqbot.Matcher(faqbot.load_faq(), cache_dir=sys.argv[1])\n"
        f"print(matcher.match({ON_TOPIC!r}).entry.id)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(folder)], capture_output=True, timeout=120
    )
    assert done.returncode == 0, done.stderr.decode()[-500:]
    assert done.stdout.decode().strip() == "llama"


def test_an_altered_file_is_not_used(tmp_path: Path, faq: faqbot.FAQ) -> None:
    import marshal

    folder = tmp_path / "cache"
    key, data = stored(folder, faq)
    path = folder / f"{key}.matcher"
    # Values edited in place, in range but not what was learnt: the digest tells.
    edited = marshal.dumps(calibration_with(data, coverage_cutoff=0.0, margin=0.0))
    original = path.read_bytes()
    path.write_bytes(original[: len(original) - len(marshal.dumps(data))] + edited)
    assert_learnt_again(folder, faq)
    raw = bytearray(path.read_bytes())
    raw[-10] ^= 0xFF
    path.write_bytes(bytes(raw))
    assert cache.load(folder, key) is None
    # A file copied under another key does not pass either.
    other = folder / ("0" * 40 + ".matcher")
    other.write_bytes(path.read_bytes())
    assert cache.load(folder, "0" * 40) is None


def test_a_folder_others_can_write_is_neither_read_nor_written(
    tmp_path: Path, faq: faqbot.FAQ
) -> None:
    folder = tmp_path / "shared"
    key, _ = stored(folder, faq)
    folder.chmod(0o1777)
    assert cache.load(folder, key) is None
    for old in folder.iterdir():
        old.unlink()
    faqbot.Matcher(faq, cache_dir=folder)
    assert list(folder.iterdir()) == []
    folder.chmod(0o770)
    assert cache.load(folder, key) is None


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
def test_a_file_or_folder_of_another_user_is_not_trusted(tmp_path: Path, faq: faqbot.FAQ) -> None:
    folder = tmp_path / "cache"
    key, _ = stored(folder, faq)
    path = folder / f"{key}.matcher"
    os.chown(path, 12345, 12345)
    assert cache.load(folder, key) is None
    os.chown(path, 0, 0)
    assert cache.load(folder, key) is not None
    os.chown(folder, 12345, 12345)
    assert cache.load(folder, key) is None


def test_a_link_at_the_cache_path_is_not_followed(tmp_path: Path, faq: faqbot.FAQ) -> None:
    folder = tmp_path / "cache"
    key, _ = stored(folder, faq)
    path = folder / f"{key}.matcher"
    real = tmp_path / "elsewhere.matcher"
    path.rename(real)
    path.symlink_to(real)
    assert cache.load(folder, key) is None


def test_relative_xdg_folders_are_ignored(
    monkeypatch: pytest.MonkeyPatch, isolated_home: Path
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", "relcache")
    monkeypatch.setenv("XDG_STATE_HOME", "relstate")
    assert cache.default_cache_dir() == str(isolated_home / ".cache" / "faqbot")
    assert repl.history_path() == isolated_home / ".local" / "state" / "faqbot" / "history"


def test_without_a_home_nothing_is_written_and_the_session_still_opens(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("HOME")
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.delenv("XDG_STATE_HOME")

    def no_entry(uid: int) -> pwd.struct_passwd:
        raise KeyError(uid)

    monkeypatch.setattr(pwd, "getpwuid", no_entry)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    assert cache.default_cache_dir() is None
    assert repl.history_path() is None
    from prompt_toolkit.history import InMemoryHistory

    assert isinstance(repl.open_history(lambda message: None), InMemoryHistory)
    faqbot.Matcher(faqbot.load_faq(), cache_dir=cache.default_cache_dir())
    assert list(work.iterdir()) == []


def test_the_checks_of_a_cached_state_accept_what_a_matcher_stores_and_nothing_else(
    tmp_path: Path, faq: faqbot.FAQ
) -> None:
    _, data = stored(tmp_path, faq)
    restore.check_calibration(data["calibration"])
    restore.check_index(indexed(faq), data["index"])
    assert restore.check_positions(faq, ()) == ()
    bad_calibrations = [
        data["calibration"][:-1],
        (*data["calibration"][:-1], 1.5),  # trust above 1
        (*data["calibration"][:9], data["calibration"][9], -1.0, 1.0),  # slope not positive
    ]
    for bad in bad_calibrations:
        with pytest.raises(restore.BadState):
            restore.check_calibration(bad)
    for positions in (((0, 999),), ((99, 0),), ((True, 0),), [(0, 0)]):
        with pytest.raises(restore.BadState):
            restore.check_positions(faq, positions)
    with pytest.raises(restore.BadState):
        restore.check_index(indexed(faq), {**data["index"], "exact": {"x": 10**6}})
