"""The seed graph's SVG rendered by a real browser (headless Chromium) to a PNG, which a
small PNG reader (zlib and the five PNG row filters, no imaging library) checks: the
picture has the window's size and shows the boxes in their colours."""
import shutil
import struct
import subprocess
import tempfile
import zlib

import pytest

import retrograd as torch
from retrograd import explain

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def read_png(path):
    """(width, height, rows of RGB tuples) of an 8-bit RGB or RGBA, non-interlaced PNG."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and color in (2, 6) and interlace == 0, (depth, color)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    channels = 3 if color == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, prev = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = prev[i]
            corner = prev[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + pred) & 255
        rows.append([tuple(line[x:x + 3]) for x in range(0, stride, channels)])
        prev = line
    return width, height, rows


def test_png_reader_on_a_known_image(tmp_path):
    """A 2x2 RGB image written with each row filter the reader must undo."""
    pixels = [[(255, 0, 0), (0, 255, 0)], [(0, 0, 255), (250, 250, 250)]]
    rows = b""
    for kind, row in zip((1, 4), pixels):
        flat = bytes(c for px in row for c in px)
        if kind == 1:     # Sub: each byte minus the one a pixel to the left
            flat = flat[:3] + bytes((flat[i] - flat[i - 3]) & 255 for i in range(3, 6))
        else:             # Paeth against the row above (left/corner zero for pixel 0)
            above = bytes(c for px in pixels[0] for c in px)
            out = bytearray()
            for i in range(6):
                left = flat[i - 3] if i >= 3 else 0
                corner = above[i - 3] if i >= 3 else 0
                p = left + above[i] - corner
                pa, pb, pc = abs(p - left), abs(p - above[i]), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else above[i] if pb <= pc else corner
                out.append((flat[i] - pred) & 255)
            flat = bytes(out)
        rows += bytes([kind]) + flat

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(
            ">I", zlib.crc32(kind + body))

    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
    path = tmp_path / "t.png"
    path.write_bytes(png)
    assert read_png(path) == (2, 2, pixels)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_seed_graph_renders_in_a_browser(tmp_path):
    torch.manual_seed(42)
    a = torch.randn(size=(), requires_grad=True)
    with explain.trace() as t:
        b = a * 2
        while b.norm() < 1000:
            b = b * 2
        d = b
        d.backward()
    svg = tmp_path / "graph.svg"
    t.graph().save(svg)
    png = tmp_path / "out.png"
    profile = tempfile.mkdtemp()
    try:
        subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                        "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
                        f"--screenshot={png}", "--window-size=800,600", str(svg)],
                       capture_output=True, timeout=120, check=True)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    width, height, rows = read_png(png)
    assert (width, height) == (800, 600)
    pixels = [px for row in rows for px in row]
    drawn = sum(px != (255, 255, 255) for px in pixels)
    assert 2000 < drawn < 0.5 * len(pixels)     # not blank, not a full-page error colour

    def near(colour):
        return sum(all(abs(p - c) <= 6 for p, c in zip(px, colour)) for px in pixels)

    # the three boxes' fills: leaf blue, folded-chain amber, output green
    for fill in ("#d9e9fb", "#fff1c2", "#dcf3d3"):
        rgb = tuple(int(fill[i:i + 2], 16) for i in (1, 3, 5))
        assert near(rgb) > 1500, fill
    # the gradient labels' red
    assert near((0xc0, 0x39, 0x2b)) > 30
