"""Generate the hall display's guidance media: two still cards and a short video clip.

    .venv/bin/python scripts/make_media.py [--out assets/media]

The cards are drawn with Pillow and the project's Roboto fonts, Vietnamese first and
English second. The clip (about 4 s, 640x360, H.264 + AAC in MP4, under 300 KB) is drawn
frame by frame as a Motion-JPEG stream, its voice is spoken by espeak-ng, and libvlc
(python-vlc) transcodes both into the MP4. Needs the Debian packages libvlc5,
vlc-plugin-base and espeak-ng; no ffmpeg.
"""

from __future__ import annotations

import argparse
import io
import struct
import subprocess
import sys
import tempfile
import threading
import wave
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk.paths import asset

NAVY, WHITE, GOLD, SKY = (16, 42, 74), (255, 255, 255), (255, 219, 64), (190, 212, 235)
CARDS = {
    "huong-dan-cccd.png": (
        "Vui lòng chuẩn bị CCCD trước khi đến quầy",
        "Please have your ID card ready",
        "id",
    ),
    "huong-dan-theo-doi.png": (
        "Giữ phiếu và theo dõi số trên màn hình",
        "Keep your ticket and watch the screen",
        "ticket",
    ),
}
CLIP = "huong-dan-lay-so.mp4"
CLIP_VI = "Chạm vào dịch vụ trên ki-ốt để lấy số thứ tự"
CLIP_EN = "Touch a service on the kiosk to take a number"
CLIP_SPOKEN = "Mời quý khách chạm vào dịch vụ trên ki ốt để lấy số thứ tự."
FPS, SECONDS, CLIP_SIZE = 25, 4, (640, 360)


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(
        str(asset("fonts", f"Roboto-{'Bold' if bold else 'Regular'}.ttf")), size
    )


def wrap(
    draw: ImageDraw.ImageDraw, text: str, face: ImageFont.FreeTypeFont, width: int
) -> list[str]:
    """Greedy word wrap of ``text`` to lines no wider than ``width`` pixels."""
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=face) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


def draw_text(
    draw: ImageDraw.ImageDraw, xy: tuple[int, int], width: int, vi: str, en: str, scale: float
) -> None:
    """The Vietnamese sentence large and white, the English one below, smaller."""
    x, y = xy
    for text, face, colour in (
        (vi, font(int(64 * scale), True), WHITE),
        (en, font(int(40 * scale)), SKY),
    ):
        for line in wrap(draw, text, face, width):
            draw.text((x, y), line, font=face, fill=colour)
            y += int(face.size * 1.25)
        y += int(24 * scale)


def id_card(draw: ImageDraw.ImageDraw, x: int, y: int, s: float) -> None:
    draw.rounded_rectangle((x, y, x + 300 * s, y + 190 * s), 18 * s, fill=(236, 242, 250))
    draw.rectangle((x, y + 28 * s, x + 300 * s, y + 50 * s), fill=(200, 40, 40))
    draw.rounded_rectangle((x + 20 * s, y + 70 * s, x + 100 * s, y + 170 * s), 8 * s, fill=SKY)
    for row in range(4):
        top = y + (78 + row * 24) * s
        draw.rectangle(
            (x + 120 * s, top, x + (270 - row * 25) * s, top + 10 * s), fill=(120, 140, 165)
        )


def ticket(draw: ImageDraw.ImageDraw, x: int, y: int, s: float, number: str = "A015") -> None:
    draw.rectangle((x, y, x + 200 * s, y + 260 * s), fill=WHITE)
    draw.text(
        (x + 100 * s, y + 40 * s), "SỐ THỨ TỰ", font=font(int(24 * s), True), fill=NAVY, anchor="mm"
    )
    draw.text(
        (x + 100 * s, y + 120 * s), number, font=font(int(70 * s), True), fill=NAVY, anchor="mm"
    )
    for row in range(3):
        top = y + (180 + row * 22) * s
        draw.rectangle((x + 30 * s, top, x + 170 * s, top + 8 * s), fill=(170, 180, 195))


def card(vi: str, en: str, icon: str, size: tuple[int, int] = (1280, 720)) -> Image.Image:
    image = Image.new("RGB", size, NAVY)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, size[0], 14), fill=GOLD)
    if icon == "id":
        id_card(draw, 70, 250, 1.2)
    else:
        ticket(draw, 110, 190, 1.3)
    draw_text(draw, (480, 170), 760, vi, en, 1.25)
    return image


def clip_frame(i: int) -> Image.Image:
    """Frame ``i``: a ticket slides out of the kiosk's slot, a bar counts the seconds."""
    w, h = CLIP_SIZE
    image = Image.new("RGB", CLIP_SIZE, NAVY)
    draw = ImageDraw.Draw(image)
    t = i / (FPS * SECONDS)
    draw.rounded_rectangle((40, 40, 220, 330), 16, fill=(60, 90, 130))  # the kiosk
    draw.rectangle((60, 60, 200, 160), fill=SKY)
    draw.rectangle((70, 190, 190, 200), fill=(20, 20, 20))  # the printer's slot
    slide = int(min(1.0, t * 1.6) * 120)
    ticket_img = Image.new("RGB", (90, 120), WHITE)
    ticket(ImageDraw.Draw(ticket_img), 0, 0, 0.45)
    image.paste(ticket_img.crop((0, 120 - slide, 90, 120)), (85, 196))
    draw_text(draw, (250, 70), 360, CLIP_VI, CLIP_EN, 0.5)
    draw.rectangle((0, h - 10, int(w * t), h), fill=GOLD)
    return image


def _chunk(fourcc: bytes, data: bytes) -> bytes:
    return fourcc + struct.pack("<I", len(data)) + data + b"\0" * (len(data) & 1)


def _list(kind: bytes, *chunks: bytes) -> bytes:
    return _chunk(b"LIST", kind + b"".join(chunks))


def write_avi(path: Path, jpegs: list[bytes], wav: Path) -> None:
    """A Motion-JPEG + PCM AVI (one second of sound after every FPS frames): one input,
    so libvlc's transcoder sees picture and voice together."""
    with wave.open(str(wav)) as w:
        rate, channels, width = w.getframerate(), w.getnchannels(), w.getsampwidth()
        pcm = w.readframes(w.getnframes())
    block = channels * width
    per_frame = rate // FPS * block
    pcm = pcm[: len(jpegs) * per_frame].ljust(len(jpegs) * per_frame, b"\0")
    w, h = CLIP_SIZE
    avih = struct.pack("<14I", 1_000_000 // FPS, 0, 0, 0x10, len(jpegs), 0, 2, 0, w, h, 0, 0, 0, 0)
    vstrh = struct.pack(
        "<4s4sIHHIIIIIIIIhhhh",
        b"vids",
        b"MJPG",
        0,
        0,
        0,
        0,
        1,
        FPS,
        0,
        len(jpegs),
        0,
        0xFFFFFFFF,
        0,
        0,
        0,
        w,
        h,
    )
    vstrf = struct.pack("<IiiHH4sIiiII", 40, w, h, 1, 24, b"MJPG", w * h * 3, 0, 0, 0, 0)
    astrh = struct.pack(
        "<4s4sIHHIIIIIIIIhhhh",
        b"auds",
        b"\0\0\0\0",
        0,
        0,
        0,
        0,
        block,
        rate * block,
        0,
        len(pcm) // block,
        0,
        0xFFFFFFFF,
        block,
        0,
        0,
        0,
        0,
    )
    astrf = struct.pack("<HHIIHH", 1, channels, rate, rate * block, block, width * 8)
    movi = b"".join(
        _chunk(b"00dc", jpeg) + _chunk(b"01wb", pcm[i * per_frame : (i + 1) * per_frame])
        for i, jpeg in enumerate(jpegs)
    )
    body = b"AVI " + _list(
        b"hdrl",
        _chunk(b"avih", avih),
        _list(b"strl", _chunk(b"strh", vstrh), _chunk(b"strf", vstrf)),
        _list(b"strl", _chunk(b"strh", astrh), _chunk(b"strf", astrf)),
    )
    path.write_bytes(_chunk(b"RIFF", body + _list(b"movi", movi)))


def make_clip(out: Path, tmp: Path) -> None:
    """Draw the frames, speak the sentence, and let libvlc transcode both into ``out``."""
    import vlc

    avi, wav = tmp / "clip.avi", tmp / "voice.wav"
    jpegs = []
    for i in range(FPS * SECONDS):
        buffer = io.BytesIO()
        clip_frame(i).save(buffer, format="JPEG", quality=92)
        jpegs.append(buffer.getvalue())
    subprocess.run(
        ["espeak-ng", "-v", "vi", "-s", "150", "-w", str(wav), CLIP_SPOKEN],
        check=True,
        capture_output=True,
    )
    write_avi(avi, jpegs, wav)
    out.unlink(missing_ok=True)
    sout = (
        "#transcode{vcodec=mp4v,vb=200,acodec=mp4a,ab=48,channels=1,samplerate=22050}"
        f":std{{access=file,mux=mp4,dst={out}}}"
    )
    instance = vlc.Instance("--quiet")
    media = instance.media_new_path(str(avi))
    media.add_option(f":sout={sout}")
    player = instance.media_player_new()
    player.set_media(media)
    done = threading.Event()
    events = player.event_manager()
    for event in (vlc.EventType.MediaPlayerEndReached, vlc.EventType.MediaPlayerEncounteredError):
        events.event_attach(event, lambda _e: done.set())
    player.play()
    if not done.wait(60):
        raise SystemExit("libvlc did not finish transcoding in 60 s")
    player.stop()
    player.release()
    instance.release()
    if not out.exists() or out.stat().st_size == 0:
        raise SystemExit(f"libvlc wrote no {out} (is vlc-plugin-base installed?)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=asset("media"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for name, (vi, en, icon) in CARDS.items():
        card(vi, en, icon).save(args.out / name, optimize=True)
    with tempfile.TemporaryDirectory() as tmp:
        make_clip(args.out / CLIP, Path(tmp))
    for path in sorted(args.out.iterdir()):
        print(f"{path}: {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
