"""Uploaded images as the core sees them, and what a PUT/PATCH says about a picture."""

from __future__ import annotations

from dataclasses import dataclass

import msgspec
from litestar.datastructures import UploadFile

from edutrack.core.errors import ValidationFailed
from edutrack.core.policies.uploads import MAX_IMAGE_BYTES, Upload

NOT_A_FILE = "The submitted data was not a file. Check the encoding type on the form."


async def read_image(file: UploadFile | None) -> Upload | None:
    """An empty part (no file chosen) is no file. One byte past the cap is enough for the size check."""
    if file is None or not file.filename:
        return None
    return Upload(filename=file.filename, content=await file.read(MAX_IMAGE_BYTES + 1))


@dataclass(frozen=True, slots=True)
class PictureChange:
    upload: Upload | None = None
    remove: bool = False

    @property
    def keep(self) -> bool:
        return self.upload is None and not self.remove


async def picture_change(
    sent: object, files: dict[str, UploadFile], field: str = "profile_picture"
) -> PictureChange:
    """A file part replaces the picture; ``null`` or an empty value removes it; absent keeps it; any
    other text is a field error."""
    upload = await read_image(files.get(field))
    if upload is not None:
        return PictureChange(upload=upload)
    if sent is msgspec.UNSET:
        return PictureChange()
    if sent is None or (isinstance(sent, str) and not sent.strip()):
        return PictureChange(remove=True)
    raise ValidationFailed.field(field, NOT_A_FILE)
