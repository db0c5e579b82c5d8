"""Gradio web chat: page layout (blocks), answer/source HTML (render), uploads and KB management."""
