"""The installed console command runs Django's and the project's commands with the project's settings."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from quartiersnetz.cli import main

BIN = Path(sys.executable).parent / "quartiersnetz"


def _env():
    env = dict(os.environ)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


@pytest.mark.skipif(not BIN.exists() and not shutil.which("quartiersnetz"), reason="console script not installed")
def test_console_script_lists_project_commands():
    exe = str(BIN) if BIN.exists() else shutil.which("quartiersnetz")
    result = subprocess.run([exe, "help"], capture_output=True, text=True, env=_env(), timeout=120)
    assert result.returncode == 0, result.stderr
    assert "load_demo" in result.stdout
    assert "migrate" in result.stdout


def test_dashes_map_to_underscores(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["quartiersnetz", "load-demo", "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "usage: quartiersnetz load_demo" in out


def test_help_accepts_dashed_command_names(capsys):
    main(["quartiersnetz", "help", "load-demo"])
    assert "usage: quartiersnetz load_demo" in capsys.readouterr().out
