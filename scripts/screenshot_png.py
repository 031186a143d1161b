#!/usr/bin/env python3
"""Draw a tmux capture (`tmux capture-pane -e -p`, SGR escapes kept) as a PNG.

    screenshot_png.py CAPTURE.txt OUT.png COLUMNS ROWS

The capture is fed to pyte (a VT emulator) and every cell drawn with Pillow: DejaVu Sans Mono
for ASCII and box drawing, WenQuanYi Micro Hei (its mono face) for wide characters. Used by
scripts/screenshots; needs python3-pyte, python3-pil, fonts-dejavu-core, fonts-wqy-microhei.
"""
import sys

import pyte
from PIL import Image, ImageDraw, ImageFont

FONT_SIZE = 16
MONO = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
MONO_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf"
CJK = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"

# xterm's default palette (what most terminals show for the 16 named colours).
PALETTE = {
    "black": (0, 0, 0), "red": (205, 0, 0), "green": (0, 205, 0), "brown": (205, 205, 0),
    "blue": (0, 0, 238), "magenta": (205, 0, 205), "cyan": (0, 205, 205), "white": (229, 229, 229),
    "brightblack": (127, 127, 127), "brightred": (255, 0, 0), "brightgreen": (0, 255, 0),
    "brightbrown": (255, 255, 0), "brightblue": (92, 92, 255), "brightmagenta": (255, 0, 255),
    "brightcyan": (0, 255, 255), "brightwhite": (255, 255, 255),
}
DEFAULT_FG = (229, 229, 229)
DEFAULT_BG = (24, 24, 24)


def colour(name, default):
    if name == "default":
        return default
    if name in PALETTE:
        return PALETTE[name]
    if len(name) == 6:  # pyte gives 256-colour and true-colour values as hex
        try:
            return tuple(int(name[i:i + 2], 16) for i in (0, 2, 4))
        except ValueError:
            return default
    return default


def main():
    if len(sys.argv) != 5:
        sys.exit("usage: screenshot_png.py CAPTURE.txt OUT.png COLUMNS ROWS")
    capture, out, cols, rows = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    with open(capture, encoding="utf-8", errors="replace") as f:
        lines = f.read().split("\n")
    while lines and lines[-1] == "":
        lines.pop()
    screen = pyte.Screen(cols, rows)
    stream = pyte.Stream(screen)
    # Joined with CR LF and no trailing newline: one more would scroll the screen up a row.
    stream.feed("\r\n".join(lines[:rows]))

    regular = ImageFont.truetype(MONO, FONT_SIZE)
    bold = ImageFont.truetype(MONO_BOLD, FONT_SIZE)
    ascent, descent = regular.getmetrics()
    cell_h = ascent + descent  # the font's own height: box-drawing lines then join up
    cell_w = round(regular.getlength("M"))
    # A wide character fills its two cells: the CJK face is sized to (almost) 2 cells wide.
    wide_size = FONT_SIZE
    while wide_size < cell_h and ImageFont.truetype(CJK, wide_size + 1, index=1).getlength("中") <= 2 * cell_w - 2:
        wide_size += 1
    wide = ImageFont.truetype(CJK, wide_size, index=1)
    wide_top = (cell_h - sum(wide.getmetrics())) // 2
    pad = 8
    image = Image.new("RGB", (cols * cell_w + 2 * pad, rows * cell_h + 2 * pad), DEFAULT_BG)
    draw = ImageDraw.Draw(image)
    for y in range(rows):
        line = screen.buffer[y]
        x = 0
        while x < cols:
            cell = line[x]
            char = cell.data
            is_wide = x + 1 < cols and line[x + 1].data == "" and char not in ("", " ")
            span = 2 if is_wide else 1
            fg = colour(cell.fg, DEFAULT_FG)
            bg = colour(cell.bg, DEFAULT_BG)
            if cell.reverse:
                fg, bg = (bg if cell.bg != "default" else DEFAULT_BG), (fg if cell.fg != "default" else DEFAULT_FG)
            left, top = pad + x * cell_w, pad + y * cell_h
            if bg != DEFAULT_BG:
                draw.rectangle([left, top, left + span * cell_w - 1, top + cell_h - 1], fill=bg)
            if char and char != " ":
                if is_wide or ord(char[0]) > 0x2E7F:
                    offset = max(0, (span * cell_w - round(wide.getlength(char))) // 2)
                    draw.text((left + offset, top + wide_top), char, font=wide, fill=fg)
                else:
                    draw.text((left, top), char, font=bold if cell.bold else regular, fill=fg)
            if cell.underscore:
                draw.line([left, top + cell_h - 2, left + span * cell_w - 1, top + cell_h - 2], fill=fg)
            x += span  # pyte leaves the second half of a wide character empty: skip it
    image.save(out, optimize=True)


if __name__ == "__main__":
    main()
