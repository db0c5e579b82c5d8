"""Chinese text rendered to images and image-only PDFs with the system's Noto CJK font (fonts-noto-cjk, installed by
scripts/test.sh): fixtures for OCR, made by the tests, never downloaded."""
from __future__ import annotations

from pathlib import Path

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"

# Written for these tests: a short notice, one line per rendered line.
NOTICE = ["职工食堂管理规定", "职工食堂每天晚餐于17点30分开始供应，周末停止供应晚餐。",
          "食堂由后勤处负责管理，就餐人员须刷卡进入。", "如有意见和建议，请拨打内线电话6203。"]
LEFT = ["左栏第一行讲的是春季植树", "左栏第二行讲的是浇水方法"]
RIGHT = ["右栏第一行讲的是秋季收获", "右栏第二行讲的是晾晒粮食"]


def render(lines: list[str], size: int = 30, width: int = 1000):
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(FONT, size)
    img = Image.new("RGB", (width, 40 + len(lines) * int(size * 1.8)), "white")
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        draw.text((30, 20 + i * int(size * 1.8)), line, font=font, fill="black")
    return img


def render_columns(left: list[str], right: list[str], size: int = 28, width: int = 1000):
    """Two columns side by side, as on a newspaper page."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(FONT, size)
    img = Image.new("RGB", (width, 40 + max(len(left), len(right)) * int(size * 1.8)), "white")
    draw = ImageDraw.Draw(img)
    for column, lines in ((30, left), (width // 2 + 30, right)):
        for i, line in enumerate(lines):
            draw.text((column, 20 + i * int(size * 1.8)), line, font=font, fill="black")
    return img


def scanned_pdf(path: Path, pages: list[list[str]]) -> Path:
    """An image-only PDF: one rendered page per list of lines, no text layer."""
    images = [render(lines) for lines in pages]
    images[0].save(path, save_all=True, append_images=images[1:], resolution=100.0)
    return path
