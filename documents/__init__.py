"""Official documents out: đôn đốc letters, periodic reports and briefing lists as DOCX and PDF.

Layout and wording live in `layouts.py` as data (paragraphs, loops and tables whose text is a
Jinja expression); `docx.py` turns them into the shipped DOCX template (python-docx) and renders
any template with docxtpl, `pdf.py` lays the same data out with reportlab. What goes in each
field is read by `content.py` from the one timeliness definition and the units' dated heads.
"""
