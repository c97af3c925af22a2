"""H-CLIC, the quarterly case-level homelessness return: which cases a quarter reports, validation as officers
work, the XML and CSV files, and frozen snapshots of submitted quarters.
"""
