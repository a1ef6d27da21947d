#!/usr/bin/env python3
"""Draws the Ladeklar app icon (a lightning bolt in a rounded green square) and writes every
size Tauri bundles for into icons/: PNGs, icon.ico (PNG-in-ICO) and icon.icns (PNG entries).
Pure Python (zlib + struct), so it runs on a fresh machine without image libraries."""
import os, struct, zlib

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "icons")
BG = (14, 124, 88)      # deep green
BG2 = (22, 163, 115)    # lighter green (gradient)
BOLT = (255, 214, 10)   # yellow
BOLT_POLY = [(0.56, 0.10), (0.24, 0.56), (0.47, 0.56), (0.40, 0.90), (0.76, 0.40), (0.53, 0.40), (0.62, 0.10)]

def inside(poly, x, y):
    c = False
    j = len(poly) - 1
    for i in range(len(poly)):
        xi, yi = poly[i]; xj, yj = poly[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            c = not c
        j = i
    return c

def pixel(size, px, py, ss=4):
    # supersample for smooth edges
    acc = [0, 0, 0, 0]
    r = 0.2 * size
    for sy in range(ss):
        for sx in range(ss):
            x = px + (sx + 0.5) / ss; y = py + (sy + 0.5) / ss
            # rounded square mask
            cx = min(max(x, r), size - r); cy = min(max(y, r), size - r)
            if (x - cx) ** 2 + (y - cy) ** 2 > r * r:
                continue
            t = y / size
            col = tuple(int(BG[k] * (1 - t) + BG2[k] * t) for k in range(3))
            if inside(BOLT_POLY, x / size, y / size):
                col = BOLT
            acc[0] += col[0]; acc[1] += col[1]; acc[2] += col[2]; acc[3] += 255
    n = ss * ss
    return bytes([acc[0] // max(1, acc[3] // 255), acc[1] // max(1, acc[3] // 255), acc[2] // max(1, acc[3] // 255), acc[3] // n]) if acc[3] else b"\0\0\0\0"

def png(size):
    ss = 4 if size <= 256 else 2
    rows = b"".join(b"\0" + b"".join(pixel(size, x, y, ss) for x in range(size)) for y in range(size))
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))

def main():
    os.makedirs(OUT, exist_ok=True)
    cache = {}
    def get(s):
        if s not in cache:
            cache[s] = png(s)
        return cache[s]
    for name, s in [("32x32.png", 32), ("64x64.png", 64), ("128x128.png", 128), ("128x128@2x.png", 256), ("icon.png", 512),
                    ("Square30x30Logo.png", 30), ("Square44x44Logo.png", 44), ("Square71x71Logo.png", 71),
                    ("Square89x89Logo.png", 89), ("Square107x107Logo.png", 107), ("Square142x142Logo.png", 142),
                    ("Square150x150Logo.png", 150), ("Square284x284Logo.png", 284), ("Square310x310Logo.png", 310),
                    ("StoreLogo.png", 50)]:
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(get(s))
    # ICO: PNG-compressed entries
    sizes = [16, 32, 48, 256]
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = 6 + 16 * len(sizes)
    entries = b""; data = b""
    for s in sizes:
        p = get(s)
        entries += struct.pack("<BBBBHHII", s % 256, s % 256, 0, 0, 1, 32, len(p), offset + len(data))
        data += p
    with open(os.path.join(OUT, "icon.ico"), "wb") as f:
        f.write(header + entries + data)
    # ICNS: ic07 (128), ic08 (256), ic09 (512) PNG entries
    body = b""
    for tag, s in [(b"ic07", 128), (b"ic08", 256), (b"ic09", 512)]:
        p = get(s)
        body += tag + struct.pack(">I", len(p) + 8) + p
    with open(os.path.join(OUT, "icon.icns"), "wb") as f:
        f.write(b"icns" + struct.pack(">I", len(body) + 8) + body)

if __name__ == "__main__":
    main()
