"""CSS and the small click handler injected into the page (Gradio 6: passed to `launch(css=, head=)`)."""

CSS = """
.chat { display: flex; flex-direction: column; gap: 10px; font-size: 15px; line-height: 1.7; }
.chat.empty, .sources.empty { color: var(--body-text-color-subdued); padding: 12px; }
.msg { display: flex; }
.msg.user { justify-content: flex-end; }
.msg .bubble { max-width: 92%; padding: 8px 12px; border-radius: 10px; }
.msg.user .bubble { background: var(--color-accent-soft); }
.msg.bot .bubble { background: var(--block-background-fill); border: 1px solid var(--border-color-primary); }
a.cite { display: inline-block; padding: 0 3px; margin: 0 1px; border-radius: 4px; font-size: 0.85em;
         vertical-align: super; line-height: 1; text-decoration: none; background: #dbeafe; color: #1d4ed8; cursor: pointer; }
a.cite:hover { background: #bfdbfe; }
.sent.unsupported { background: #fff7ed; border-bottom: 2px dashed #f97316; color: #7c2d12; }
.badge { display: inline-block; font-size: 0.75em; padding: 0 6px; margin: 0 4px; border-radius: 8px; vertical-align: middle; }
.badge.warn { background: #fed7aa; color: #9a3412; }
.badge.refuse { background: #e5e7eb; color: #374151; }
.badge.error { background: #fecaca; color: #991b1b; }
.badge.reading { background: #dbeafe; color: #1e40af; }
.source.reading { opacity: 0.85; border-style: dashed; }
.reading-note { font-size: 0.85em; color: #1e40af; margin: 4px 0 8px; }
.answer.refused { color: #4b5563; font-style: italic; }
.answer.error { color: #991b1b; }
.answer-meta { margin-top: 4px; font-size: 0.8em; color: var(--body-text-color-subdued); }
.judge-note.high { color: #166534; }
.judge-note.low { color: #9a3412; font-weight: 600; }
.cursor { animation: blink 1s step-start infinite; }
@keyframes blink { 50% { opacity: 0; } }
.turn-sources summary { cursor: pointer; font-weight: 600; margin: 4px 0; }
.source { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 8px 10px; margin: 6px 0;
          transition: box-shadow .3s, border-color .3s; }
.source.active { border-color: #2563eb; box-shadow: 0 0 0 3px #93c5fd; }
.src-head { font-size: 0.9em; margin-bottom: 4px; }
.src-head span { margin-right: 6px; }
.src-num { font-weight: 700; color: #1d4ed8; }
.src-title { font-weight: 600; }
.src-file, .src-author, .src-note { color: var(--body-text-color-subdued); }
.src-page { margin-left: 6px; padding: 0 6px; border-radius: 6px; background: #f3f4f6; color: #374151; }
.src-text { font-size: 0.92em; line-height: 1.65; white-space: pre-wrap; }
.src-warning { font-size: 0.85em; color: #b45309; background: #fef3c7; border-radius: 4px; padding: 2px 6px; margin-top: 4px; }
mark { background: #fde68a; padding: 0 1px; }
button.view-doc { margin-top: 6px; font-size: 0.85em; padding: 2px 10px; border-radius: 6px;
                  border: 1px solid var(--border-color-primary); background: var(--button-secondary-background-fill); cursor: pointer; }
.doc-head { font-weight: 600; padding: 4px 0; position: sticky; top: 0; background: var(--background-fill-primary); }
.doc-text { white-space: pre-wrap; font-size: 0.92em; line-height: 1.7; }
.doc-text mark.chunk { background: #dbeafe; }
.doc-text mark.span { background: #fbbf24; }
.other-passages { font-size: 0.88em; margin: 6px 0; color: var(--body-text-color-subdued); }
.other-passages li { margin: 4px 0; }
.upload-errors { border: 1px solid #fca5a5; background: #fef2f2; border-radius: 8px; padding: 8px 12px; color: #7f1d1d; }
.upload-errors ul { margin: 4px 0 0 18px; }
.upload-ok { color: #166534; }
.upload-status { color: #1e3a8a; background: #eff6ff; border-radius: 8px; padding: 8px 12px; }
"""

# Event delegation on the document: the HTML is replaced on every update, so listeners on elements would be lost.
HEAD = """
<script>
(function () {
  function reveal(id) {
    var el = document.getElementById(id);
    if (!el) return;
    var d = el.closest('details');
    if (d) d.open = true;
    document.querySelectorAll('.source.active').forEach(function (e) { e.classList.remove('active'); });
    el.classList.add('active');
    el.scrollIntoView({behavior: 'smooth', block: 'center'});
  }
  function requestDoc(key) {
    var box = document.querySelector('#doc-request textarea, #doc-request input');
    var btn = document.querySelector('#doc-request-btn');
    if (!box || !btn) return;
    box.value = key;
    box.dispatchEvent(new Event('input', {bubbles: true}));
    setTimeout(function () { btn.click(); }, 60);
  }
  document.addEventListener('click', function (ev) {
    var a = ev.target.closest && ev.target.closest('a.cite');
    if (a) { ev.preventDefault(); reveal(a.dataset.target); return; }
    var b = ev.target.closest && ev.target.closest('button.view-doc');
    if (b) { ev.preventDefault(); requestDoc(b.dataset.key); }
  }, true);
})();
</script>
"""

# Run after the document view is filled: bring the highlighted chunk into view.
SCROLL_TO_DOC_FOCUS = """
() => {
  setTimeout(function () {
    var f = document.getElementById('doc-focus');
    if (f) f.scrollIntoView({behavior: 'smooth', block: 'center'});
  }, 100);
}
"""
