"""What each consent asks, stated separately as PIPA articles 15, 17 and 22 require: purpose,
items, how long they are kept, and the right to refuse with its consequence."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from talentcenter.privacy.enums import Purpose


@dataclass(frozen=True)
class ConsentText:
    purpose: Purpose
    title: Promise
    recipient: Promise | None
    uses: Promise
    items: Promise
    retention: Promise
    refusal: Promise
    agree_label: Promise


CONSENT_TEXTS: dict[Purpose, ConsentText] = {
    Purpose.TERMS: ConsentText(
        purpose=Purpose.TERMS,
        title=_("[Required] Terms of use"),
        recipient=None,
        uses=_("The rules for using the Global Talent Center's services."),
        items=_("None: this is an agreement to the terms, not a collection of personal information."),
        retention=_("Until you delete your account."),
        refusal=_("You may refuse, but you cannot create an account without agreeing to the terms."),
        agree_label=_("I agree to the terms of use (required)"),
    ),
    Purpose.SERVICE: ConsentText(
        purpose=Purpose.SERVICE,
        title=_("[Required] Collection and use of personal information"),
        recipient=None,
        uses=_(
            "To create and secure your account, run your talent profile, your K-Tech Pass and KOTRA "
            "applications and job applications, and answer your enquiries."
        ),
        items=_(
            "E-mail address, password (stored only as a hash), preferred language; when you fill in your "
            "profile: name, date of birth, nationality, country of residence, phone, education, "
            "experience, skills and languages; sign-in records."
        ),
        retention=_(
            "Until you delete your account. Applications and issued documents are kept for their legal "
            "retention period (5 years) even after deletion."
        ),
        refusal=_(
            "You have the right to refuse. Without this consent we cannot create your account or provide the service."
        ),
        agree_label=_("I agree to the collection and use of my personal information (required)"),
    ),
    Purpose.THIRD_PARTY_COMPANIES: ConsentText(
        purpose=Purpose.THIRD_PARTY_COMPANIES,
        title=_("[Optional] Provision of personal information to Korean companies"),
        recipient=_("Korean companies verified by the center that look for talent on this site"),
        uses=_("So that companies can find your profile and offer you a position."),
        items=_("Name, nationality, headline, education, experience, skills, languages and desired industries."),
        retention=_("Until you withdraw this consent or the company's recruitment purpose ends."),
        refusal=_(
            "You have the right to refuse. If you do, companies will not find your profile, but you can "
            "still apply to openings yourself."
        ),
        agree_label=_("I agree to the provision of my profile to Korean companies (optional)"),
    ),
    Purpose.THIRD_PARTY_AGENCIES: ConsentText(
        purpose=Purpose.THIRD_PARTY_AGENCIES,
        title=_("[Optional] Provision of personal information to partner agencies"),
        recipient=_("KOTRA and the Ministry of Trade, Industry and Energy"),
        uses=_("Statistics on and follow-up of overseas talent programmes, and invitations to their programmes."),
        items=_("Name, nationality, e-mail address, education, experience and the status of your applications."),
        retention=_("Until you withdraw this consent, and at most 3 years after provision."),
        refusal=_(
            "You have the right to refuse. If you do, nothing changes in the service you receive from the center."
        ),
        agree_label=_("I agree to the provision of my information to partner agencies (optional)"),
    ),
    Purpose.MARKETING: ConsentText(
        purpose=Purpose.MARKETING,
        title=_("[Optional] News and event e-mails"),
        recipient=None,
        uses=_("E-mails about job fairs, programmes and news of the Global Talent Center."),
        items=_("E-mail address, name and preferred language."),
        retention=_("Until you withdraw this consent."),
        refusal=_("You have the right to refuse. If you do, you will not receive news e-mails."),
        agree_label=_("I agree to receive news and event e-mails (optional)"),
    ),
}
