"""One function per letter or PDF (notice of a check to residents, remedial actions to
contractors), each with its template in `templates/compliance/letters/`."""
