"""Blocks for guides: the approach in steps and the do's and don'ts, written for a region that
wants to adopt an approach."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from home.blocks import TEXT

STEP_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link"]


class StepBlock(blocks.StructBlock):
    """One step of an approach, so another region can follow the work in the order it happened."""

    title = blocks.CharBlock(
        max_length=120,
        label=_("stap"),
        help_text=_(
            "Wat doe je in deze stap? Begin met een werkwoord, bijvoorbeeld: Zoek partners."
        ),
    )
    text = blocks.RichTextBlock(
        features=STEP_FEATURES,
        label=_("uitleg"),
        help_text=_("Hoe pak je deze stap aan, met wie, en hoe lang duurt het ongeveer?"),
    )

    class Meta:
        icon = "list-ol"
        label = _("Stap")
        group = TEXT
        template = "components/step.html"
        description = _("Eén stap van de aanpak, met uitleg.")
        preview_value = {
            "title": "Breng de partners bij elkaar",
            "text": "<p>Nodig gemeente, zorgverzekeraar en GGD uit voor een eerste gesprek.</p>",
        }


class DosAndDontsBlock(blocks.StructBlock):
    """What works and what to avoid, in two lists told apart by their text labels and icons (never
    by colour alone): side by side on wide screens, one under the other on phones."""

    title = blocks.CharBlock(
        required=False,
        max_length=120,
        default="Doen en niet doen",
        label=_("kop"),
        help_text=_("Leeg: 'Doen en niet doen'."),
    )
    dos = blocks.ListBlock(
        blocks.CharBlock(max_length=300, label=_("tip")),
        min_num=1,
        label=_("doen"),
        help_text=_("Wat werkt? Eén korte zin per punt."),
    )
    donts = blocks.ListBlock(
        blocks.CharBlock(max_length=300, label=_("valkuil")),
        min_num=1,
        label=_("niet doen"),
        help_text=_("Wat moet je vermijden? Eén korte zin per punt."),
    )

    class Meta:
        icon = "tick-inverse"
        label = _("Doen en niet doen")
        group = TEXT
        template = "components/dos_and_donts.html"
        description = _("Twee lijsten: wat werkt en wat je beter kunt vermijden.")
        preview_value = {
            "title": "Doen en niet doen",
            "dos": ["Begin klein, in een paar gemeenten.", "Vraag inwoners wat zij nodig hebben."],
            "donts": ["Wacht niet tot alles op papier staat.", "Maak geen aparte loketten."],
        }
