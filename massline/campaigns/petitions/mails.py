"""The mail that follows a signing, in the signer's language."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from massline.campaigns.petitions.models import Signature
from massline.campaigns.petitions.selectors import petition_text
from massline.campaigns.petitions.services import confirm_token, withdraw_token


def signature_mail_send(*, signature_id: int) -> bool:
    """Mail the confirmation link (or, when already counted, a note with the withdrawal link).

    Returns False when the signature is gone (withdrawn or expired meanwhile).
    """
    signature = Signature.objects.select_related("petition").filter(pk=signature_id).first()
    if signature is None:
        return False
    with translation.override(signature.language):
        text = petition_text(signature.petition, signature.language)
        context = {
            "signature": signature,
            "title": text.title if text else signature.petition.slug,
            "confirm_url": settings.SITE_URL
            + reverse("petitions:confirm", args=[confirm_token(signature)]),
            "withdraw_url": settings.SITE_URL
            + reverse("petitions:withdraw", args=[withdraw_token(signature)]),
            "hours": settings.MASSLINE_PETITION_CONFIRM_HOURS,
            "SITE_NAME": settings.SITE_NAME,
        }
        if signature.confirmed_at is None:
            template = "petitions/mail/confirm.txt"
            subject = translation.gettext("Please confirm your signature")
        else:
            template = "petitions/mail/already.txt"
            subject = translation.gettext("Your signature is already counted")
        body = render_to_string(template, context)
    EmailMessage(subject=subject, body=body, to=[signature.email]).send()
    return True
