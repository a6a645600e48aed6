from django.core.mail import EmailMultiAlternatives, send_mail


def test_a_mail_sent_by_django_arrives_at_the_smtp_server(mailbox):
    send_mail("Привет", "Текст письма", "massline@localhost", ["anna@example.org"])
    received = mailbox.wait_for(to="anna@example.org")
    assert received.subject == "Привет"
    assert "Текст письма" in received.text


def test_html_bodies_and_attachments_are_readable(mailbox):
    message = EmailMultiAlternatives("Pack", "plain", "massline@localhost", ["b@example.org"])
    message.attach_alternative("<p>html</p>", "text/html")
    message.attach("pack.pdf", b"%PDF-1.7 fake", "application/pdf")
    message.send()
    received = mailbox.wait_for(to="b@example.org")
    assert "<p>html</p>" in received.html
    assert received.attachments() == [("pack.pdf", "application/pdf", b"%PDF-1.7 fake")]
