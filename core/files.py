"""Private files (letters, documents) are never served from a public URL.

A view fetches the owning record through its `visible_to(user)` queryset and then
streams the file with `private_file_response`, so access follows object scope.
"""

from django.http import FileResponse, Http404, HttpResponse


def private_file_response(field_file, *, filename: str, as_attachment: bool = False) -> FileResponse:
    if not field_file:
        raise Http404("No file")
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing") from None
    response = FileResponse(handle, as_attachment=as_attachment, filename=filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def private_bytes_response(
    content: bytes, *, content_type: str, filename: str, as_attachment: bool = False
) -> HttpResponse:
    """A small private file served from memory: a streamed FileResponse closed under time travel closes
    the PostgreSQL test connection, and certificates and letters are small enough to read whole."""
    response = HttpResponse(content, content_type=content_type)
    disposition = "attachment" if as_attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
