/* Live NIK structure check (mirrors backend/accounts/nik.py): it warns, it never blocks. The
   codes are the server's, and their messages come from the one source, i18n-shared.js. */
const PROVINCES = new Set(
  "11 12 13 14 15 16 17 18 19 21 31 32 33 34 35 36 51 52 53 61 62 63 64 65 71 72 73 74 75 76 81 82 91 92 93 94 95 96".split(" "),
);

function realDate(day, month, yy) {
  return [1900, 2000].some((century) => {
    const d = new Date(Date.UTC(century + yy, month - 1, day));
    return d.getUTCDate() === day && d.getUTCMonth() === month - 1;
  });
}

/* Message keys for what looks wrong; [] when the NIK is well formed and agrees. */
export function nikWarnings(nik, birthDate, gender) {
  const value = (nik || "").trim();
  if (!value) return [];
  if (!/^\d*$/.test(value)) return ["nik.digits"];
  if (value.length !== 16) return ["nik.length"];
  const warnings = [];
  if (!PROVINCES.has(value.slice(0, 2))) warnings.push("nik.province");
  let day = Number(value.slice(6, 8));
  const month = Number(value.slice(8, 10));
  const yy = Number(value.slice(10, 12));
  const female = day > 40;
  if (female) day -= 40;
  if (!(day >= 1 && day <= 31) || !realDate(day, month, yy)) warnings.push("nik.date");
  if (value.slice(12) === "0000") warnings.push("nik.serial");
  if (warnings.length) return warnings;
  if (birthDate) {
    const [y, m, d] = birthDate.split("-").map(Number);
    if (d !== day || m !== month || y % 100 !== yy) warnings.push("nik.birth_date_mismatch");
  }
  if (gender && (gender === "P") !== female) warnings.push("nik.gender_mismatch");
  return warnings;
}
