"""Generate the announcement voice pack with espeak-ng and sox, and its README.

    .venv/bin/python scripts/make_voice_pack.py [--out assets/audio] [--keep-existing]

Every clip in kiosk.devices.voice_pack.SPOKEN_CLIPS is spoken by espeak-ng (``-v vi`` or
``-v en``), converted to mono 16-bit 16 kHz, trimmed of leading and trailing silence and
normalised with sox. The chime and the pause are synthesised with sox. ``--keep-existing``
leaves clips already there (human recordings) alone and makes only the missing ones.
Needs the Debian packages espeak-ng and sox.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk.devices.voice_pack import CHIME, PAUSE, SPOKEN_CLIPS, VoicePack
from kiosk.paths import asset

FORMAT = ["-r", "16000", "-c", "1", "-b", "16"]
# Trim silence at both ends (threshold 1 %), normalise to -1 dBFS, end with 40 ms of air.
TRIM = ["silence", "1", "0.01", "1%", "reverse", "silence", "1", "0.01", "1%", "reverse"]
TRIM += ["norm", "-1", "pad", "0", "0.04"]
SPEED = {"vi": "140", "en": "150"}


def run(*cmd: str) -> None:
    subprocess.run(cmd, check=True, capture_output=True)


def speak(clip: str, voice: str, text: str, out: Path, tmp: Path) -> None:
    raw = tmp / (clip.replace("/", "_") + ".raw.wav")
    run("espeak-ng", "-v", voice, "-s", SPEED[voice], "-w", str(raw), text)
    run("sox", str(raw), *FORMAT, str(out), *TRIM)


def chime(out: Path, tmp: Path) -> None:
    """A two-tone "ding-dong" (A5 then F5) with soft decays."""
    ding, dong = tmp / "ding.wav", tmp / "dong.wav"
    run("sox", "-n", *FORMAT, str(ding), "synth", "0.45", "sine", "880", "fade", "l", "0.005",
        "0.45", "0.4", "vol", "0.6")  # fmt: skip
    run("sox", "-n", *FORMAT, str(dong), "synth", "0.8", "sine", "698.46", "fade", "l", "0.005",
        "0.8", "0.75", "vol", "0.6")  # fmt: skip
    run("sox", str(ding), str(dong), str(out), "norm", "-3", "pad", "0", "0.2")


def write_readme(pack: VoicePack, out: Path) -> None:
    rows = [
        f"| `{CHIME}.wav` | two-tone chime (sox) | {pack.duration([CHIME]):.2f} |",
        f"| `{PAUSE}.wav` | silence between sentences (sox) | {pack.duration([PAUSE]):.2f} |",
    ]
    rows += [
        f"| `{clip}.wav` | {text} | {pack.duration([clip]):.2f} |"
        for clip, (_voice, text) in SPOKEN_CLIPS.items()
    ]
    out.write_text(
        "# Voice pack for announcements\n\n"
        'Clips that `kiosk.devices.voice_pack` joins into "Xin mời số thứ tự A015 đến quầy\n'
        'số 3" (and "Number A fifteen, please go to counter three"). Generated with\n'
        "espeak-ng and sox by `scripts/make_voice_pack.py`; to use human recordings, record\n"
        "the same words as WAV files with the same names (mono, 16-bit; one sample rate for\n"
        "the whole pack, 16 kHz here), trim the silence at both ends, and run the script with\n"
        "`--keep-existing` to fill in any you did not record.\n\n"
        'A ticket number is read as its letter and a whole number (A015 is "A mười lăm")\n'
        'or, with the audio option `reading = "digits"`, digit by digit ("A không một năm").\n'
        "`muoi` is mười (10, 15 = mười lăm) and `muoi_ngang` is mươi (20 = hai mươi);\n"
        "`mot` is một and `mot_sac` is mốt (21 = hai mươi mốt); `le` and `ngan` are the\n"
        "southern lẻ and ngàn.\n\n"
        "| file | words | seconds |\n|---|---|---|\n" + "\n".join(rows) + "\n",
        encoding="utf-8",
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=asset("audio"), help="pack folder")
    parser.add_argument("--keep-existing", action="store_true", help="only make missing clips")
    args = parser.parse_args()
    missing = [tool for tool in ("espeak-ng", "sox") if shutil.which(tool) is None]
    if missing:
        print(f"needs {' and '.join(missing)}: apt-get install espeak-ng sox", file=sys.stderr)
        return 1
    out: Path = args.out
    for sub in ("vi", "en"):
        (out / sub).mkdir(parents=True, exist_ok=True)

    def wanted(clip: str) -> bool:
        return not (args.keep_existing and (out / f"{clip}.wav").is_file())

    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        if wanted(CHIME):
            chime(out / f"{CHIME}.wav", tmp)
        if wanted(PAUSE):
            run("sox", "-D", "-n", *FORMAT, str(out / f"{PAUSE}.wav"), "trim", "0", "0.3")
        jobs = [(c, v, t) for c, (v, t) in SPOKEN_CLIPS.items() if wanted(c)]
        with ThreadPoolExecutor(max_workers=4) as pool:
            for f in [pool.submit(speak, c, v, t, out / f"{c}.wav", tmp) for c, v, t in jobs]:
                f.result()
    pack = VoicePack(out)
    write_readme(pack, out / "README.md")
    print(f"{len(jobs) + 2} clips written to {out}; missing: {pack.missing() or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
