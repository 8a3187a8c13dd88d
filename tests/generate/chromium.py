"""Headless Chromium helpers for the tests: print HTML to PDF, dump the DOM after scripts ran.
Flags as this machine needs them: no sandbox as root, no background networking."""
import os, shutil, subprocess, tempfile

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

def find():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None

def run(html_path, *args):
    exe = find()
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run([exe, *FLAGS, f"--user-data-dir={profile}", *args,
                               "file://" + os.path.abspath(html_path)],
                              capture_output=True, timeout=180)

def to_pdf(html_path, pdf_path):
    p = run(html_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf_path}")
    if not os.path.exists(pdf_path):
        raise RuntimeError(f"chromium made no PDF: {p.stderr.decode(errors='replace')[-500:]}")

def dump_dom(html_path):
    return run(html_path, "--virtual-time-budget=2000", "--dump-dom").stdout.decode("utf-8")

def pdf_pages(pdf_path):
    """Text of each page (pdftotext, form feeds between pages)."""
    out = subprocess.run(["pdftotext", "-layout", pdf_path, "-"], capture_output=True,
                         check=True).stdout.decode("utf-8")
    return out.split("\f")
