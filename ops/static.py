"""Static files storage: whitenoise's hashed, compressed manifest once collectstatic has run."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """Hashed names from the manifest; the plain names while there is none.

    Without a manifest (tests, `make run` before any collectstatic) Django's manifest storage
    fails on every `{% static %}`; here the page gets the plain name instead, which the
    development server and the test live server serve from the finders. `manage.py serve` and
    the image run collectstatic, so production always has the manifest.
    """

    def stored_name(self, name):
        if not self.hashed_files and not self.manifest_storage.exists(self.manifest_name):
            return name
        return super().stored_name(name)
