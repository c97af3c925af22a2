"""One function per letter or PDF (repair and void letters to residents and contractors),
each with its template in `templates/repairs/letters/`."""
