"""Photos uploaded to a campaign: checked to be images, bounded, stripped of metadata.

A photo from a phone carries EXIF data: the camera, the time and often the GPS position of
whoever took it. Re-encoding the pixels alone drops all of it, so a photo of a picket never
tells the state where the photographer stood.
"""

from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 8 * 1024 * 1024
MAX_SOURCE_PIXELS = 40_000_000
MAX_SIDE = 1200
ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP", "GIF"})


def clean_photo(upload: UploadedFile | bytes) -> bytes:
    """JPEG bytes of the uploaded image, at most MAX_SIDE pixels wide or high, no metadata.

    Raises ValidationError for anything that is not a JPEG, PNG, WebP or GIF image, for files
    over MAX_UPLOAD_BYTES and for images over MAX_SOURCE_PIXELS (decompression bombs).
    """
    data = upload if isinstance(upload, bytes) else _read(upload)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The photo is too large: at most %(mb)d MB.") % {"mb": MAX_UPLOAD_BYTES // 2**20}
        )
    try:
        with Image.open(BytesIO(data)) as probe:
            if probe.format not in ACCEPTED_FORMATS:
                raise ValidationError(_("Upload a JPEG, PNG, WebP or GIF image."))
            width, height = probe.size
            if width * height > MAX_SOURCE_PIXELS:
                raise ValidationError(_("The photo has too many pixels."))
            probe.verify()
        with Image.open(BytesIO(data)) as image:
            image.load()
            upright = ImageOps.exif_transpose(image)
            rgb = upright.convert("RGB")
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        ValueError,
        SyntaxError,
        Image.DecompressionBombError,
    ) as exc:
        raise ValidationError(_("The file is not an image we can read.")) from exc
    rgb.thumbnail((MAX_SIDE, MAX_SIDE))
    out = BytesIO()
    # A fresh image object carries no info dict: neither EXIF, nor XMP, nor ICC comments.
    clean = Image.new("RGB", rgb.size)
    clean.paste(rgb)
    clean.save(out, format="JPEG", quality=85, optimize=True)
    return out.getvalue()


def _read(upload: UploadedFile) -> bytes:
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The photo is too large: at most %(mb)d MB.") % {"mb": MAX_UPLOAD_BYTES // 2**20}
        )
    upload.seek(0)
    return upload.read(MAX_UPLOAD_BYTES + 1)
