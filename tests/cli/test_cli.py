"""The real `jumush` entry point, run as a user runs it, on a fresh SQLite database."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

JUMUSH = str(Path(sys.executable).with_name("jumush"))


def run(
    args: list[str], env: dict[str, str], timeout: int = 120, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [JUMUSH, *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture()
def fresh_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUMUSH_")}
    env["JUMUSH_DATA_DIR"] = str(tmp_path / "var")
    # The coder's index is the same for every test: build it once (see conftest's CACHE).
    env["JUMUSH_CACHE_DIR"] = str(settings.CACHE_DIR)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_help_lists_our_verbs(fresh_env: dict[str, str]) -> None:
    result = run(["help"], fresh_env)
    assert result.returncode == 0, result.stderr
    for verb in ("serve", "setup", "reference", "migrate"):
        assert verb in result.stdout
    serve_help = run(["serve", "--help"], fresh_env)
    assert "--port" in serve_help.stdout
    assert "gunicorn" in serve_help.stdout


def test_serve_refuses_an_unmigrated_database(fresh_env: dict[str, str]) -> None:
    result = run(["serve", "--port", str(free_port())], fresh_env, timeout=60)
    assert result.returncode != 0
    assert "jumush setup" in result.stderr


def test_serve_refuses_a_bad_port(fresh_env: dict[str, str]) -> None:
    result = run(["serve", "--port", "70000"], fresh_env, timeout=60)
    assert result.returncode != 0
    assert "--port 70000" in result.stderr


@pytest.fixture()
def served(fresh_env: dict[str, str]) -> Iterator[str]:
    first = run(["setup"], fresh_env, timeout=300)
    assert first.returncode == 0, first.stderr
    assert "esco_occupations" in first.stdout and "loaded" in first.stdout
    db = Path(fresh_env["JUMUSH_DATA_DIR"]) / "jumush.sqlite3"
    assert db.exists()
    second = run(["setup"], fresh_env)
    assert second.returncode == 0, second.stderr
    assert "loaded " not in second.stdout and second.stdout.count("unchanged") == 7
    port = free_port()
    server = subprocess.Popen(
        [JUMUSH, "serve", "--port", str(port), "--workers", "1"],
        env=fresh_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    server.kill()
                    pytest.fail(
                        f"server did not answer: {server.stdout.read() if server.stdout else ''}"
                    )
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_setup_then_serve_with_gunicorn(served: str) -> None:
    with urllib.request.urlopen(served + "/healthz", timeout=5) as response:
        assert response.status == 200
        assert response.headers["Server"].startswith("gunicorn")
    with urllib.request.urlopen(served + "/api/v1/isco/7212", timeout=5) as response:
        body = response.read().decode()
    assert "Welders and flamecutters" in body
    assert "Сварщики и газорезчики" in body
    with urllib.request.urlopen(served + "/static/jumush/site.css", timeout=5) as response:
        assert response.headers["Content-Type"].startswith("text/css")


def test_reference_status_after_setup(served: str, fresh_env: dict[str, str]) -> None:
    result = run(["reference", "status"], fresh_env)
    assert result.returncode == 0
    assert "isco08" in result.stdout and "not loaded" not in result.stdout


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("JUMUSH_ENV", "production", "JUMUSH_SECRET_KEY is missing or a placeholder"),
        ("JUMUSH_DATABASE_URL", "nonsense://x", "JUMUSH_DATABASE_URL must start with"),
        ("JUMUSH_DEFAULT_LANGUAGE", "xx", "JUMUSH_DEFAULT_LANGUAGE"),
        ("JUMUSH_DEBUG", "maybe", "JUMUSH_DEBUG"),
        ("JUMUSH_DATA_DIR", "/etc/passwd", "JUMUSH_DATA_DIR /etc/passwd cannot hold"),
    ],
)
def test_configuration_mistakes_are_one_line_errors(
    fresh_env: dict[str, str], variable: str, value: str, message: str
) -> None:
    result = run(["reference", "status"], {**fresh_env, variable: value})
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_database_errors_are_short_and_create_nothing(
    fresh_env: dict[str, str], tmp_path: Path
) -> None:
    missing = tmp_path / "no" / "such" / "dir" / "x.sqlite3"
    result = run(
        ["reference", "status"], {**fresh_env, "JUMUSH_DATABASE_URL": f"sqlite:///{missing}"}
    )
    assert result.returncode == 1
    assert result.stderr.startswith("jumush: database error:")
    assert "Traceback" not in result.stderr
    assert not missing.parent.exists()


def test_occupations_code_one_title(fresh_env: dict[str, str]) -> None:
    result = run(["occupations", "code", "водитель кат. С"], fresh_env, timeout=180)
    assert result.returncode == 0, result.stderr
    assert "8332" in result.stdout


def test_occupations_code_echoes_brackets_as_typed(fresh_env: dict[str, str]) -> None:
    # Pasted text may hold what the terminal library reads as markup ("[/red]" crashed it).
    cases = (("[/red]", None), ("[red]сварщик[/red]", "7212"), ("повар [@click]", "5120"))
    for text, code in cases:
        result = run(["occupations", "code", text], fresh_env, timeout=180)
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith(repr(text)), result.stdout
        if code:
            assert f"→ {code}" in result.stdout


def test_occupations_code_jsonl_keeps_order_and_count(fresh_env: dict[str, str]) -> None:
    # U+2028 inside a title must come out escaped: splitlines() breaks lines on it.
    lines = ["сварщик", "", "мастер", "Aidoochu", "kitchen helper", "😀", "повар\u2028кассир"]
    result = run(
        ["occupations", "code", "--jsonl"], fresh_env, timeout=180, stdin="\n".join(lines) + "\n"
    )
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["text"] for o in out] == lines
    assert set(out[0]) >= {
        "text",
        "lang",
        "isco08_code",
        "esco_uri",
        "confidence",
        "abstain",
        "alternatives",
    }
    assert out[0]["isco08_code"] == "7212"
    assert out[4]["isco08_code"] == "9412"
    assert out[1]["abstain"] and out[2]["abstain"]


def test_occupations_code_is_the_same_in_every_process(fresh_env: dict[str, str]) -> None:
    """Python salts string hashes per process, so set order differs between two server
    workers: no code, score or confidence may depend on it."""
    titles = [
        "Team lead, customer contact centre",
        "Video games project manager",
        "Kitchen crew / cook / chef",
        "Animator 3D and video editor",
        "Labourer, sheep station",
        "Tutor, physics: private lessons",
        "Security network senior executive",
        "Станок жана слесардык жумуштардын мастери",
        "Менеджер проекта в автомобильной отрасли",
        "Officer, compliance: social audit",
    ]
    outputs = set()
    for seed in ("1", "2", "3"):
        result = run(
            ["occupations", "code", "--jsonl"],
            {**fresh_env, "PYTHONHASHSEED": seed},
            timeout=180,
            stdin="\n".join(titles) + "\n",
        )
        assert result.returncode == 0, result.stderr
        assert len(result.stdout.splitlines()) == len(titles)
        outputs.add(result.stdout)
    assert len(outputs) == 1


def test_occupations_code_without_text_is_a_clear_error(fresh_env: dict[str, str]) -> None:
    result = run(["occupations", "code"], fresh_env, timeout=180)
    assert result.returncode != 0
    assert "give a title" in result.stderr


def code_jsonl(data: bytes, env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [JUMUSH, "occupations", "code", "--jsonl"],
        env=env,
        input=data,
        capture_output=True,
        timeout=180,
        check=False,
    )


def test_jsonl_reads_the_encodings_and_line_ends_of_real_files(fresh_env: dict[str, str]) -> None:
    """Notepad's UTF-8 with a byte-order mark and CRLF, an old Mac's bare CR, UTF-16 and
    Russian-locale Windows-1251 all give one result per title; bytes that are no readable text
    are refused with the line they are on, before anything is written."""
    titles = ["сварщик", "повар", "kitchen helper"]
    inputs = {
        "utf-8-sig, crlf": ("\ufeff" + "\r\n".join(titles) + "\r\n").encode(),
        "bare cr": "\r".join(titles).encode(),
        "utf-16": "\n".join(titles).encode("utf-16"),
        "cp1251": "\n".join(titles).encode("cp1251"),
    }
    for name, data in inputs.items():
        result = code_jsonl(data, fresh_env)
        assert result.returncode == 0, (name, result.stderr)
        out = [json.loads(line) for line in result.stdout.decode().splitlines()]
        assert [o["text"] for o in out] == titles, name
        assert [o["isco08_code"] for o in out] == ["7212", "5120", "9412"], name
    result = code_jsonl("сварщик\nповар\n".encode() + b"\xff\xfe\xfd baker\n", fresh_env)
    assert result.returncode != 0
    assert result.stdout == b""
    assert "line 3" in result.stderr.decode()


def test_a_title_argument_in_windows_1251_is_read_or_refused(fresh_env: dict[str, str]) -> None:
    """A Russian-locale terminal passes "сварщик" as Windows-1251 bytes: coded as the title;
    bytes that are no Cyrillic text are refused in one line."""
    for title, expected in (("сварщик".encode("cp1251"), "7212"), (b"caf\xe9", None)):
        result = subprocess.run(
            [JUMUSH, "occupations", "code", title],
            env=fresh_env,
            capture_output=True,
            timeout=180,
            check=False,
        )
        if expected:
            assert result.returncode == 0, result.stderr
            assert f"→ {expected}" in result.stdout.decode()
        else:
            assert result.returncode != 0
            assert "neither UTF-8 nor Windows-1251" in result.stderr.decode()
            assert b"Traceback" not in result.stderr


def test_an_empty_title_abstains_like_a_blank_one(fresh_env: dict[str, str]) -> None:
    for text in ("", "   "):
        result = run(["occupations", "code", text], fresh_env, timeout=180)
        assert result.returncode == 0, result.stderr
        assert "empty" in result.stdout


def test_jsonl_with_empty_input_writes_nothing(fresh_env: dict[str, str]) -> None:
    result = run(["occupations", "code", "--jsonl"], fresh_env, timeout=180, stdin="")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""


def test_jsonl_into_a_closed_pipe_stops_quietly(fresh_env: dict[str, str]) -> None:
    producer = subprocess.Popen(
        [JUMUSH, "occupations", "code", "--jsonl"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=fresh_env,
    )
    assert producer.stdin and producer.stdout and producer.stderr
    producer.stdin.write(("повар\n" * 3000).encode())
    producer.stdin.close()
    producer.stdout.readline()
    producer.stdout.close()  # the reader goes away, like `| head -1`
    producer.wait(timeout=180)
    assert b"Traceback" not in producer.stderr.read()


def test_sqlite_url_without_a_file_is_refused(fresh_env: dict[str, str]) -> None:
    result = run(["setup"], {**fresh_env, "JUMUSH_DATABASE_URL": "sqlite:///"})
    assert result.returncode == 2
    assert "names no SQLite file" in result.stderr


def test_serve_on_a_busy_port_is_a_one_line_error(served: str, fresh_env: dict[str, str]) -> None:
    port = served.rsplit(":", 1)[1]
    result = run(["serve", "--port", port], fresh_env, timeout=120)
    assert result.returncode != 0
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr
