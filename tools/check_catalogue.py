#!/usr/bin/env python3
"""Validate the MPP Digital demo catalogue data files.

Usage:  python tools/check_catalogue.py [DATA_DIR]

Checks categories.json, agencies.json, regions.json, services.json and
holidays.json in DATA_DIR (default: backend/catalogue/data) against
the catalogue rules. Prints every violation and exits with status 1 if any
were found, otherwise prints a short summary and exits with status 0.
Standard library only (Python 3.11+).
"""
from __future__ import annotations

import datetime as _dt
import json
import re
import sys
from pathlib import Path

# ------------------------------------------------------------------ rules
FIELD_TYPES = {"text", "textarea", "number", "date", "select", "checkbox",
               "nik", "phone", "email", "document"}
PREFILLS = {"nik", "full_name", "birth_date", "birth_place", "gender", "phone",
            "email", "address", "kk_number"}
DOCUMENT_TYPES = {"ktp", "kk", "akta_kelahiran", "akta_nikah", "pas_foto", "npwp",
                  "ijazah", "surat_pengantar", "surat_keterangan", "sertifikat_tanah",
                  "gambar_bangunan", "str", "sim", "paspor", "lainnya"}
CHANNELS = {"online", "counter"}
AGENCY_LEVELS = {"regional", "national"}
TIMEZONES = {"Asia/Jakarta", "Asia/Pontianak", "Asia/Makassar", "Asia/Jayapura"}
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MIN_SERVICES = 32
EXPECTED_REGIONS = 16
FORM_FIELDS_MIN, FORM_FIELDS_MAX = 4, 10
HOLIDAY_YEARS = {2025, 2026, 2027}

# Which field types a given prefill may feed.
PREFILL_TYPES = {
    "nik": {"nik"},
    "full_name": {"text"},
    "birth_date": {"date"},
    "birth_place": {"text"},
    "gender": {"select", "text"},
    "phone": {"phone"},
    "email": {"email"},
    "address": {"text", "textarea"},
    "kk_number": {"text", "nik"},
}
# Constraint keys allowed per field type.
CONSTRAINT_KEYS = {
    "text": {"min_length", "max_length"},
    "textarea": {"min_length", "max_length"},
    "number": {"min", "max"},
}

# Province -> expected IANA timezone (only provinces we know; others unchecked).
PROVINCE_TZ = {
    "Aceh": "Asia/Jakarta", "Sumatera Utara": "Asia/Jakarta", "Sumatera Barat": "Asia/Jakarta",
    "Riau": "Asia/Jakarta", "Kepulauan Riau": "Asia/Jakarta", "Jambi": "Asia/Jakarta",
    "Sumatera Selatan": "Asia/Jakarta", "Kepulauan Bangka Belitung": "Asia/Jakarta",
    "Bengkulu": "Asia/Jakarta", "Lampung": "Asia/Jakarta", "DKI Jakarta": "Asia/Jakarta",
    "Banten": "Asia/Jakarta", "Jawa Barat": "Asia/Jakarta", "Jawa Tengah": "Asia/Jakarta",
    "DI Yogyakarta": "Asia/Jakarta", "Jawa Timur": "Asia/Jakarta",
    "Kalimantan Barat": "Asia/Pontianak", "Kalimantan Tengah": "Asia/Pontianak",
    "Kalimantan Selatan": "Asia/Makassar", "Kalimantan Timur": "Asia/Makassar",
    "Kalimantan Utara": "Asia/Makassar", "Bali": "Asia/Makassar",
    "Nusa Tenggara Barat": "Asia/Makassar", "Nusa Tenggara Timur": "Asia/Makassar",
    "Sulawesi Utara": "Asia/Makassar", "Gorontalo": "Asia/Makassar",
    "Sulawesi Tengah": "Asia/Makassar", "Sulawesi Barat": "Asia/Makassar",
    "Sulawesi Selatan": "Asia/Makassar", "Sulawesi Tenggara": "Asia/Makassar",
    "Maluku": "Asia/Jayapura", "Maluku Utara": "Asia/Jayapura",
}

# Allowed keys per object (catches typos such as "procesing_days").
CATEGORY_KEYS = ({"code", "name"}, set())
AGENCY_KEYS = ({"code", "name", "level", "short"}, set())
REGION_KEYS = ({"code", "prefix", "name", "province", "mpp_name", "address", "timezone",
                "opening_hours", "agencies"}, set())
SERVICE_KEYS = ({"code", "agency", "category", "name", "description", "requirements", "procedure",
                 "processing_days", "fee", "output", "complaints", "legal_basis", "channels", "regions"},
                {"processing_note", "fee_note", "fee_variable", "form"})
FIELD_KEYS = ({"key", "label", "type", "required"},
              {"prefill", "constraints", "help", "options", "document_type"})
HOLIDAY_KEYS = ({"date", "name"}, {"estimated"})

KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SNAKE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
AGENCY_CODE = re.compile(r"^[A-Z][A-Z0-9]*$")
REGION_CODE = re.compile(r"^\d{2}\.\d{2}$")
PREFIX = re.compile(r"^[A-Z]{3}$")
HHMM = re.compile(r"^(?:[01]\d|2[0-3]):[0-5]\d$")


class Checker:
    def __init__(self, data_dir: Path):
        self.dir = data_dir
        self.errors: list[str] = []
        self.warnings: list[str] = []

    # ---------------------------------------------------------- utilities
    def err(self, where: str, msg: str) -> None:
        self.errors.append(f"{where}: {msg}")

    def warn(self, where: str, msg: str) -> None:
        self.warnings.append(f"{where}: {msg}")

    def load(self, name: str):
        path = self.dir / name
        try:
            raw = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            self.err(name, "file not found")
            return None
        except UnicodeDecodeError as e:
            self.err(name, f"not valid UTF-8 ({e})")
            return None
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as e:
            self.err(name, f"invalid JSON: {e}")
            return None
        canonical = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        if raw != canonical:
            self.err(name, "not in canonical format (UTF-8, 2-space indent, non-ASCII kept as-is, trailing newline); "
                           "re-dump with json.dumps(data, ensure_ascii=False, indent=2) + '\\n'")
        if not isinstance(data, list):
            self.err(name, "top level must be a JSON list")
            return None
        return data

    def keys(self, where: str, obj, spec) -> bool:
        if not isinstance(obj, dict):
            self.err(where, "must be an object")
            return False
        required, optional = spec
        missing = required - obj.keys()
        unknown = obj.keys() - required - optional
        for k in sorted(missing):
            self.err(where, f"missing key '{k}'")
        for k in sorted(unknown):
            self.err(where, f"unknown key '{k}'")
        return not missing

    def text(self, where: str, value, allow_empty: bool = False) -> bool:
        if not isinstance(value, str):
            self.err(where, "must be a string")
            return False
        if not value.strip() and not allow_empty:
            self.err(where, "must not be empty")
            return False
        if value != value.strip():
            self.err(where, "has leading/trailing whitespace")
        if "  " in value:
            self.err(where, "contains double spaces")
        return True

    def bilingual(self, where: str, value) -> bool:
        if not isinstance(value, dict) or set(value.keys()) != {"id", "en"}:
            self.err(where, 'must be a bilingual object with exactly the keys "id" and "en"')
            return False
        ok = self.text(f"{where}.id", value["id"])
        ok = self.text(f"{where}.en", value["en"]) and ok
        if ok and value["id"] == value["en"] and len(value["id"]) > 25:
            self.warn(where, "Indonesian and English texts are identical")
        return ok

    def bilingual_list(self, where: str, value) -> None:
        if not isinstance(value, list) or not value:
            self.err(where, "must be a non-empty list")
            return
        for i, item in enumerate(value):
            self.bilingual(f"{where}[{i}]", item)

    @staticmethod
    def is_int(v) -> bool:
        return isinstance(v, int) and not isinstance(v, bool)

    def unique_codes(self, name: str, items, key: str = "code") -> dict:
        seen: dict = {}
        for i, it in enumerate(items):
            if not isinstance(it, dict):
                continue
            code = it.get(key)
            if not isinstance(code, str):
                continue
            if code in seen:
                self.err(f"{name}[{i}]", f"duplicate {key} '{code}' (also at index {seen[code]})")
            else:
                seen[code] = i
        return {it[key]: it for it in items if isinstance(it, dict) and isinstance(it.get(key), str)}

    # ---------------------------------------------------------- files
    def check_categories(self, cats) -> dict:
        for i, c in enumerate(cats):
            w = f"categories.json[{i}]"
            if not self.keys(w, c, CATEGORY_KEYS):
                continue
            if not isinstance(c["code"], str) or not KEBAB.match(c["code"]):
                self.err(w, f"code {c['code']!r} must be kebab-case")
            self.bilingual(f"{w}.name", c["name"])
        return self.unique_codes("categories.json", cats)

    def check_agencies(self, agencies) -> dict:
        for i, a in enumerate(agencies):
            w = f"agencies.json[{i}]"
            if not self.keys(w, a, AGENCY_KEYS):
                continue
            if not isinstance(a["code"], str) or not AGENCY_CODE.match(a["code"]):
                self.err(w, f"code {a['code']!r} must be UPPERCASE letters/digits")
            self.bilingual(f"{w}.name", a["name"])
            if a["level"] not in AGENCY_LEVELS:
                self.err(w, f"level {a['level']!r} must be one of {sorted(AGENCY_LEVELS)}")
            self.text(f"{w}.short", a["short"])
        return self.unique_codes("agencies.json", agencies)

    def check_regions(self, regions, agencies: dict) -> dict:
        if len(regions) != EXPECTED_REGIONS:
            self.err("regions.json", f"expected {EXPECTED_REGIONS} regions, found {len(regions)}")
        prefixes: dict = {}
        for i, r in enumerate(regions):
            w = f"regions.json[{i}]"
            if not self.keys(w, r, REGION_KEYS):
                continue
            w = f"regions.json[{r['code']}]"
            if not isinstance(r["code"], str) or not REGION_CODE.match(r["code"]):
                self.err(w, "code must be a dotted Kemendagri code such as '35.74'")
            p = r["prefix"]
            if not isinstance(p, str) or not PREFIX.match(p):
                self.err(w, f"prefix {p!r} must be 3 uppercase letters")
            elif p in prefixes:
                self.err(w, f"prefix '{p}' already used by region {prefixes[p]}")
            else:
                prefixes[p] = r["code"]
            for k in ("name", "province", "mpp_name", "address"):
                self.text(f"{w}.{k}", r[k])
            if isinstance(r["name"], str) and not r["name"].startswith(("Kota ", "Kabupaten ")):
                self.err(w, "name must start with 'Kota ' or 'Kabupaten '")
            if isinstance(r["name"], str) and isinstance(r["code"], str) and REGION_CODE.match(r["code"]):
                is_city = int(r["code"].split(".")[1]) >= 71
                if is_city != r["name"].startswith("Kota "):
                    self.err(w, "Kemendagri codes .71 and above are cities (Kota); below are regencies (Kabupaten)")
            tz = r["timezone"]
            if tz not in TIMEZONES:
                self.err(w, f"timezone {tz!r} must be one of {sorted(TIMEZONES)}")
            expected_tz = PROVINCE_TZ.get(r["province"]) if isinstance(r["province"], str) else None
            if expected_tz and tz != expected_tz:
                self.err(w, f"timezone {tz!r} does not match province {r['province']!r} (expected {expected_tz})")
            self.check_hours(w, r["opening_hours"])
            ags = r["agencies"]
            if not isinstance(ags, list) or not ags:
                self.err(w, "agencies must be a non-empty list")
            else:
                if len(set(ags)) != len(ags):
                    self.err(w, "agencies contains duplicates")
                for a in ags:
                    if a not in agencies:
                        self.err(w, f"unknown agency '{a}'")
        return self.unique_codes("regions.json", regions)

    def check_hours(self, w: str, hours) -> None:
        if not isinstance(hours, dict) or set(hours.keys()) != set(DAYS):
            self.err(f"{w}.opening_hours", f"must have exactly the keys {list(DAYS)}")
            return
        open_days = 0
        for d in DAYS:
            v = hours[d]
            if v is None:
                continue
            if (not isinstance(v, list) or len(v) != 2 or not all(isinstance(x, str) and HHMM.match(x) for x in v)):
                self.err(f"{w}.opening_hours.{d}", 'must be null or ["HH:MM", "HH:MM"]')
                continue
            if v[0] >= v[1]:
                self.err(f"{w}.opening_hours.{d}", "opening time must be before closing time")
            open_days += 1
        if open_days == 0:
            self.err(f"{w}.opening_hours", "region is never open")

    def check_services(self, services, agencies: dict, categories: dict, regions: dict) -> None:
        if len(services) < MIN_SERVICES:
            self.err("services.json", f"at least {MIN_SERVICES} services required, found {len(services)}")
        self.unique_codes("services.json", services)
        hosts: dict[str, set] = {a: set() for a in agencies}
        for rc, r in regions.items():
            for a in r.get("agencies", []) if isinstance(r.get("agencies"), list) else []:
                hosts.setdefault(a, set()).add(rc)
        used_categories, used_agencies = set(), set()
        for i, s in enumerate(services):
            w = f"services.json[{i}]"
            if not self.keys(w, s, SERVICE_KEYS):
                continue
            code = s["code"]
            w = f"services.json[{code}]"
            if not isinstance(code, str) or not KEBAB.match(code):
                self.err(w, "code must be kebab-case")
            agency = s["agency"]
            if agency not in agencies:
                self.err(w, f"unknown agency '{agency}'")
            used_agencies.add(agency)
            if s["category"] not in categories:
                self.err(w, f"unknown category '{s['category']}'")
            used_categories.add(s["category"])
            for k in ("name", "description", "output", "complaints"):
                self.bilingual(f"{w}.{k}", s[k])
            for k in ("processing_note", "fee_note"):
                if k in s:
                    self.bilingual(f"{w}.{k}", s[k])
            self.bilingual_list(f"{w}.requirements", s["requirements"])
            self.bilingual_list(f"{w}.procedure", s["procedure"])
            if not self.is_int(s["processing_days"]) or s["processing_days"] < 0:
                self.err(w, "processing_days must be an integer >= 0")
            if not self.is_int(s["fee"]) or s["fee"] < 0:
                self.err(w, "fee must be an integer >= 0 (Rupiah)")
            lb = s["legal_basis"]
            if not isinstance(lb, list) or not lb:
                self.err(w, "legal_basis must be a non-empty list of strings")
            else:
                for j, x in enumerate(lb):
                    self.text(f"{w}.legal_basis[{j}]", x)
                if len(set(lb)) != len(lb):
                    self.err(w, "legal_basis contains duplicates")
            ch = s["channels"]
            if (not isinstance(ch, list) or not ch or len(set(ch)) != len(ch)
                    or not set(ch) <= CHANNELS):
                self.err(w, f"channels must be a non-empty list of distinct values from {sorted(CHANNELS)}")
                ch = None
            # regions offered
            reg = s["regions"]
            if reg == "all":
                offered = set(regions)
            elif isinstance(reg, list) and reg:
                if len(set(reg)) != len(reg):
                    self.err(w, "regions contains duplicates")
                offered = set()
                for rc in reg:
                    if rc not in regions:
                        self.err(w, f"unknown region '{rc}'")
                    else:
                        offered.add(rc)
            else:
                self.err(w, 'regions must be "all" or a non-empty list of region codes')
                offered = set()
            if agency in agencies:
                missing = sorted(offered - hosts.get(agency, set()))
                if missing:
                    self.err(w, f"offered in regions whose MPP has no {agency} counter: {', '.join(missing)}")
            # form
            if ch is None:
                if "form" in s:
                    self.check_form(f"{w}.form", s["form"])
                continue
            if "online" in ch and "form" not in s:
                self.err(w, "online services must have a form")
            if "form" in s:
                if "online" not in ch:
                    self.warn(w, "counter-only service has a form (allowed, but usually omitted)")
                self.check_form(f"{w}.form", s["form"])
        for c in sorted(set(categories) - used_categories):
            self.warn("categories.json", f"category '{c}' has no services")
        for a in sorted(set(agencies) - used_agencies):
            self.warn("agencies.json", f"agency '{a}' has no services")
        for a in sorted(agencies):
            if not hosts.get(a):
                self.warn("agencies.json", f"agency '{a}' is not hosted by any region")

    def check_form(self, w: str, form) -> None:
        if not isinstance(form, dict) or set(form.keys()) != {"version", "fields"}:
            self.err(w, 'must be an object with exactly the keys "version" and "fields"')
            return
        if not self.is_int(form["version"]) or form["version"] < 1:
            self.err(w, "version must be an integer >= 1")
        fields = form["fields"]
        if not isinstance(fields, list):
            self.err(w, "fields must be a list")
            return
        if not FORM_FIELDS_MIN <= len(fields) <= FORM_FIELDS_MAX:
            self.err(w, f"must have {FORM_FIELDS_MIN}-{FORM_FIELDS_MAX} fields, has {len(fields)}")
        seen_keys, prefills = set(), {}
        for i, f in enumerate(fields):
            fw = f"{w}.fields[{i}]"
            if not self.keys(fw, f, FIELD_KEYS):
                continue
            key = f["key"]
            fw = f"{w}.fields[{key}]"
            if not isinstance(key, str) or not SNAKE.match(key):
                self.err(fw, "key must be snake_case")
            elif key in seen_keys:
                self.err(fw, "duplicate field key")
            seen_keys.add(key)
            self.bilingual(f"{fw}.label", f["label"])
            if "help" in f:
                self.bilingual(f"{fw}.help", f["help"])
            t = f["type"]
            if t not in FIELD_TYPES:
                self.err(fw, f"type {t!r} must be one of {sorted(FIELD_TYPES)}")
            if not isinstance(f["required"], bool):
                self.err(fw, "required must be true or false")
            if "prefill" in f:
                p = f["prefill"]
                if p not in PREFILLS:
                    self.err(fw, f"prefill {p!r} must be one of {sorted(PREFILLS)}")
                else:
                    if t in FIELD_TYPES and t not in PREFILL_TYPES[p]:
                        self.err(fw, f"prefill '{p}' cannot feed a field of type '{t}'")
                    if p in prefills:
                        self.err(fw, f"prefill '{p}' already used by field '{prefills[p]}'")
                    prefills[p] = key
            # type-specific attributes
            if t == "select":
                opts = f.get("options")
                if not isinstance(opts, list) or len(opts) < 2:
                    self.err(fw, "select fields need an options list with at least 2 entries")
                else:
                    values = set()
                    for j, o in enumerate(opts):
                        ow = f"{fw}.options[{j}]"
                        if not isinstance(o, dict) or set(o.keys()) != {"value", "label"}:
                            self.err(ow, 'must be an object with exactly "value" and "label"')
                            continue
                        if not isinstance(o["value"], str) or not o["value"]:
                            self.err(ow, "value must be a non-empty string")
                        elif o["value"] in values:
                            self.err(ow, f"duplicate option value '{o['value']}'")
                        values.add(o["value"])
                        self.bilingual(f"{ow}.label", o["label"])
            elif "options" in f:
                self.err(fw, "options are only allowed on select fields")
            if t == "document":
                dt = f.get("document_type")
                if dt not in DOCUMENT_TYPES:
                    self.err(fw, f"document_type {dt!r} must be one of {sorted(DOCUMENT_TYPES)}")
            elif "document_type" in f:
                self.err(fw, "document_type is only allowed on document fields")
            if t == "checkbox" and f.get("required") is True and "declar" not in f["label"].get("en", "").lower() \
                    and "agree" not in f["label"].get("en", "").lower() and "confirm" not in f["label"].get("en", "").lower():
                self.warn(fw, "required checkbox that is not a declaration/agreement")
            if "constraints" in f:
                self.check_constraints(fw, t, f["constraints"])
        if "nik" not in prefills:
            self.err(w, "form must contain a NIK field prefilled from the profile (prefill: nik)")
        if "full_name" not in prefills:
            self.err(w, "form must contain a full-name field prefilled from the profile (prefill: full_name)")

    def check_constraints(self, fw: str, t: str, c) -> None:
        allowed = CONSTRAINT_KEYS.get(t, set())
        if not isinstance(c, dict) or not c:
            self.err(f"{fw}.constraints", "must be a non-empty object")
            return
        for k, v in c.items():
            if k not in allowed:
                self.err(f"{fw}.constraints", f"key '{k}' not allowed for type '{t}' (allowed: {sorted(allowed) or 'none'})")
            elif not self.is_int(v) or v < 0:
                self.err(f"{fw}.constraints.{k}", "must be an integer >= 0")
        for lo, hi in (("min_length", "max_length"), ("min", "max")):
            if self.is_int(c.get(lo)) and self.is_int(c.get(hi)) and c[lo] > c[hi]:
                self.err(f"{fw}.constraints", f"{lo} is greater than {hi}")
        if t in ("text", "textarea") and c.get("max_length") == 0:
            self.err(f"{fw}.constraints", "max_length must be positive")

    def check_holidays(self, holidays) -> None:
        seen: dict = {}
        years = set()
        prev = None
        for i, h in enumerate(holidays):
            w = f"holidays.json[{i}]"
            if not self.keys(w, h, HOLIDAY_KEYS):
                continue
            d = h["date"]
            try:
                day = _dt.date.fromisoformat(d) if isinstance(d, str) and len(d) == 10 else None
            except ValueError:
                day = None
            if day is None:
                self.err(w, f"date {d!r} must be a valid YYYY-MM-DD date")
                continue
            w = f"holidays.json[{d}]"
            if d in seen:
                self.err(w, f"duplicate date (also at index {seen[d]})")
            seen[d] = i
            if prev and d < prev:
                self.err(w, "holidays must be sorted by date")
            prev = d
            years.add(day.year)
            if day.year not in HOLIDAY_YEARS:
                self.err(w, f"year {day.year} outside {sorted(HOLIDAY_YEARS)}")
            self.bilingual(f"{w}.name", h["name"])
            if "estimated" in h and h["estimated"] is not True:
                self.err(w, 'estimated, when present, must be true')
        for y in sorted(HOLIDAY_YEARS - years):
            self.err("holidays.json", f"no holidays for {y}")

    # ---------------------------------------------------------- driver
    def run(self) -> int:
        cats = self.load("categories.json")
        ags = self.load("agencies.json")
        regs = self.load("regions.json")
        svcs = self.load("services.json")
        hols = self.load("holidays.json")
        categories = self.check_categories(cats) if cats is not None else {}
        agencies = self.check_agencies(ags) if ags is not None else {}
        regions = self.check_regions(regs, agencies) if regs is not None else {}
        if svcs is not None:
            self.check_services(svcs, agencies, categories, regions)
        if hols is not None:
            self.check_holidays(hols)

        for wmsg in self.warnings:
            print(f"WARNING {wmsg}")
        if self.errors:
            for e in self.errors:
                print(f"ERROR {e}")
            print(f"\n{len(self.errors)} error(s), {len(self.warnings)} warning(s).")
            return 1
        n_online = sum(1 for s in svcs or [] if "online" in s.get("channels", []))
        print(f"OK: {len(cats or [])} categories, {len(ags or [])} agencies, {len(regs or [])} regions, "
              f"{len(svcs or [])} services ({n_online} online), {len(hols or [])} holidays; "
              f"{len(self.warnings)} warning(s).")
        return 0


def main(argv: list[str]) -> int:
    data_dir = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent / "backend" / "catalogue" / "data"
    return Checker(data_dir).run()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
