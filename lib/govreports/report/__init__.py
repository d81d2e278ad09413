"""The rendered reports: notebook runs, HTML pages, computed prose, browser check, JupyterLab."""
