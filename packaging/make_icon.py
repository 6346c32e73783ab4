"""Draw the app icon: packaging/icons/vnsearch.png (256 px) and vnsearch.ico.

The icons are committed; run this again only to change them (needs Pillow, which
fpdf2 from the "dev" extra installs): .venv/bin/python packaging/make_icon.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

ICON_DIR = Path(__file__).resolve().parent / "icons"
# Drawn at 4x and scaled down, which smooths the edges.
SCALE = 4
SIZE = 256
BLUE = (21, 101, 192, 255)  # the selection colour of the app's navigation list
WHITE = (255, 255, 255, 255)
PAGE = (227, 236, 248, 255)
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]


def draw_icon() -> Image.Image:
    """Return the icon: a document and a magnifying glass on a blue rounded square."""
    size = SIZE * SCALE
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)

    def box(*values: float) -> list[float]:
        return [v * SCALE for v in values]

    draw.rounded_rectangle(box(8, 8, 248, 248), radius=48 * SCALE, fill=BLUE)

    # A page with text lines.
    draw.rounded_rectangle(box(52, 40, 164, 188), radius=10 * SCALE, fill=PAGE)
    for top in (68, 92, 116, 140):
        draw.rounded_rectangle(box(70, top, 146, top + 10), radius=5 * SCALE, fill=BLUE)

    # A magnifying glass over the page's lower right corner.
    draw.line(box(170, 170, 214, 214), fill=WHITE, width=22 * SCALE)
    draw.ellipse(box(112, 112, 192, 192), outline=WHITE, width=16 * SCALE, fill=BLUE)
    return image.resize((SIZE, SIZE), Image.Resampling.LANCZOS)


def main() -> None:
    ICON_DIR.mkdir(parents=True, exist_ok=True)
    icon = draw_icon()
    icon.save(ICON_DIR / "vnsearch.png")
    icon.save(ICON_DIR / "vnsearch.ico", sizes=ICO_SIZES)
    print(f"Wrote {ICON_DIR / 'vnsearch.png'} and {ICON_DIR / 'vnsearch.ico'}")


if __name__ == "__main__":
    main()
