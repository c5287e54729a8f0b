from django.contrib import admin

from talentcenter.reference.models import GniFigure, Industry, ListEdition, ListEntry, Occupation, Skill

admin.site.register([Industry, Skill, ListEdition, ListEntry, GniFigure, Occupation])
