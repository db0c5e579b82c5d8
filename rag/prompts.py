"""Prompt templates live as Chinese text files in prompts/NAME.txt so they can be edited without code."""
from __future__ import annotations

from pathlib import Path

from rag.config import Settings, load_settings
from rag.errors import RagError


class PromptError(RagError):
    """A prompt file is missing or unreadable."""


def prompt_path(name: str, settings: Settings | None = None) -> Path:
    settings = settings or load_settings()
    return Path(settings.prompts_dir) / f"{name}.txt"


def load_prompt(name: str, settings: Settings | None = None) -> str:
    """Text of prompts/NAME.txt (read each time: files are tiny and users may edit them live)."""
    path = prompt_path(name, settings)
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise PromptError(f"{path}: 提示词文件不存在") from None
    except (OSError, UnicodeDecodeError) as e:
        raise PromptError(f"{path}: 无法读取提示词文件（{e}）") from None


def render_prompt(name: str, settings: Settings | None = None, **values: str) -> str:
    """load_prompt + str.format; a placeholder the file needs but the caller did not give is reported."""
    template = load_prompt(name, settings)
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError) as e:
        raise PromptError(f"{prompt_path(name, settings)}: 提示词模板占位符有误（{e}）") from None
