"""A cap on what an anonymous visitor's upload may write to the server's temporary folder.

Django keeps an upload in memory up to FILE_UPLOAD_MAX_MEMORY_SIZE and streams anything larger to a
temporary file that lives until the request ends, however large it is. For visitors who are not
logged in (the public complaint form is the only public form with files), this handler stops keeping
a file's bytes once it passes PUBLIC_UPLOAD_MAX_BYTES, and keeps no bytes of files after the first
PUBLIC_UPLOAD_MAX_FILES. Such a file still arrives, empty, with the size it had reached, so the form
says "larger than 10 MB" or "at most 3 photos" instead of silently losing it. Logged-in officers and
editors are not capped here (Wagtail's own limits apply to their images).
"""

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler


class PublicUploadCap(FileUploadHandler):
    def __init__(self, request=None):
        super().__init__(request)
        user = getattr(request, "user", None)
        self.active = not (user is not None and user.is_authenticated)
        self.files_seen = 0
        self.received = 0
        self.over = False

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.files_seen += 1
        self.received = 0
        self.over = self.active and self.files_seen > settings.PUBLIC_UPLOAD_MAX_FILES

    def receive_data_chunk(self, raw_data, start):
        if not self.active:
            return raw_data
        self.received += len(raw_data)
        if self.received > settings.PUBLIC_UPLOAD_MAX_BYTES:
            self.over = True
        # None: the handlers after this one (memory, temporary file) are not given the bytes.
        return None if self.over else raw_data

    def file_complete(self, file_size):
        if not self.over:
            return None  # the next handler hands over the file it kept
        placeholder = SimpleUploadedFile(self.file_name or "upload", b"", self.content_type)
        placeholder.size = max(self.received, 1)
        return placeholder
