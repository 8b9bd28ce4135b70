"""The shipped catalogue data passes its own validator (tools/check_catalogue.py)."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_catalogue_data_files_are_valid():
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "check_catalogue.py")], check=False, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "16 regions" in result.stdout


def test_validator_rejects_broken_data(tmp_path):
    data = ROOT / "backend" / "catalogue" / "data"
    for name in ("categories.json", "agencies.json", "regions.json", "services.json", "holidays.json"):
        (tmp_path / name).write_text((data / name).read_text(encoding="utf-8"), encoding="utf-8")
    services = (tmp_path / "services.json").read_text(encoding="utf-8")
    (tmp_path / "services.json").write_text(services.replace('"agency": "DISDUKCAPIL"', '"agency": "NOPE"', 1), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "check_catalogue.py"), str(tmp_path)], check=False, capture_output=True, text=True
    )
    assert result.returncode != 0
